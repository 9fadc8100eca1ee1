package io.tracegate.policy.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code upstream.host} as a Unix-domain socket directory, libpq style. */
class UpstreamSocketConfigTest {
    private static final String IDENTITY = "identities:\n"
            + "  - name: agent\n"
            + "    api_token_sha256: \"90fe8c0fbd0843a5c26df98d2af85923c8c03fc8f3b64c1678246ba014715862\"\n";

    private static String upstream(String host, String tlsMode) {
        return "upstream:\n"
                + "  host: " + host + "\n"
                + "  port: 5433\n"
                + "  user: gw\n"
                + "  tls:\n"
                + "    mode: " + tlsMode + "\n"
                + IDENTITY;
    }

    private static List<ConfigError> errors(String yaml) {
        return PolicyChecker.check(yaml, "t.yaml", TestFiles.env());
    }

    @Test
    void anAbsolutePathNamesTheSocketDirectory() throws Exception {
        UpstreamConfig config = ConfigLoader.parse(upstream("/var/run/postgresql", "prefer"), "t.yaml", TestFiles.env())
                .upstream();
        assertThat(config.unixSocket()).isTrue();
        assertThat(config.socketFile()).isEqualTo(Path.of("/var/run/postgresql/.s.PGSQL.5433"));
    }

    @Test
    void hostNamesAndAddressesStayTcp() throws Exception {
        for (String host : List.of("127.0.0.1", "db.internal", "::1", "localhost")) {
            UpstreamConfig config = ConfigLoader.parse(upstream("'" + host + "'", "require"), "t.yaml", TestFiles.env())
                    .upstream();
            assertThat(config.unixSocket()).as(host).isFalse();
        }
    }

    @Test
    void disableAndPreferAreAcceptedOverASocket() {
        assertThat(errors(upstream("/tmp", "disable"))).isEmpty();
        assertThat(errors(upstream("/tmp", "prefer"))).isEmpty();
    }

    @Test
    void requiringTlsOverASocketNamesTheTlsModeAndItsLine() {
        for (String mode : List.of("require", "verify-full")) {
            List<ConfigError> errors = errors(upstream("/tmp", mode));
            assertThat(errors).as(mode).hasSize(1);
            ConfigError error = errors.get(0);
            assertThat(error.key()).isEqualTo("upstream.tls.mode");
            assertThat(error.line()).isEqualTo(6);
            assertThat(error.message()).contains("is " + mode, "upstream.host /tmp", "Unix-domain socket",
                    "disable or prefer");
        }
    }

    @Test
    void aSocketPathTooLongForSockaddrUnNamesTheHost() {
        String directory = "/" + "d".repeat(100);
        List<ConfigError> errors = errors(upstream(directory, "disable"));
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).key()).isEqualTo("upstream.host");
        assertThat(errors.get(0).line()).isEqualTo(2);
        assertThat(errors.get(0).message()).contains(directory + "/.s.PGSQL.5433", "115 bytes", "107");
    }
}
