package io.tracegate.proxy.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracegate.protocol.message.StartupMessage;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SessionSetupTest {

    private static StartupMessage startup(String... pairs) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            parameters.put(pairs[i], pairs[i + 1]);
        }
        return new StartupMessage(StartupMessage.PROTOCOL_3_0, parameters);
    }

    @Test
    void setsOnlySettingsThatDifferFromTheUpstreamConnection() {
        String sql = SessionSetup.statements(
                startup("user", "agent-7", "database", "traces", "client_encoding", "UTF8",
                        "DateStyle", "ISO", "TimeZone", "Europe/Paris", "application_name", "psql"),
                Map.of("client_encoding", "UTF8", "DateStyle", "ISO", "TimeZone", "UTC", "application_name", "tracegate"));
        assertThat(sql).isEqualTo("SELECT pg_catalog.set_config(E'TimeZone', E'Europe/Paris', false),"
                + " pg_catalog.set_config(E'application_name', E'psql', false)");
    }

    @Test
    void quotesValuesSoTheyCannotEndTheStatement() {
        String sql = SessionSetup.statements(startup("user", "u", "application_name", "x'; DROP TABLE t; --\\"), Map.of());
        assertThat(sql).isEqualTo("SELECT pg_catalog.set_config(E'application_name', E'x''; DROP TABLE t; --\\\\', false)");
    }

    @Test
    void passesListSettingsAsRawTextLikeAStartupParameter() {
        // SET search_path TO 'a,b' would make one schema named "a,b"; set_config keeps the list.
        String sql = SessionSetup.statements(startup("user", "u", "options", "-c search_path=app,public"), Map.of());
        assertThat(sql).isEqualTo("SELECT pg_catalog.set_config(E'search_path', E'app,public', false)");
    }

    @Test
    void readsCommandLineOptionsLikeLibpq() {
        assertThat(SessionSetup.commandLineSettings("-c search_path=app -csynchronous_commit=off --work-mem=64MB -c a=b\\ c"))
                .containsExactly(Map.entry("search_path", "app"), Map.entry("synchronous_commit", "off"),
                        Map.entry("work_mem", "64MB"), Map.entry("a", "b c"));
    }

    @Test
    void neverSetsTheConnectionsIdentityOrProtocolOptions() {
        assertThat(SessionSetup.statements(startup("user", "u", "database", "d", "replication", "true", "_pq_.x", "1"),
                Map.of())).isEmpty();
    }
}
