package io.tracegate.it.holds;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tracegate.it.support.GatewayFixture;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The agent's connection drops while its statement is held: the request ends as cancelled,
 * nothing of the transaction remains, and the single upstream connection of this gateway
 * (pool max_size 1) serves the next session clean, or is replaced.
 */
class DisconnectWhileHeldTest {

    private static final String INSERT = "INSERT INTO public.agent_traces (agent, reasoning) VALUES (?, ?)";

    @RegisterExtension
    static final HoldingGateway holding =
            HoldingGateway.configured(builder -> builder.with("POOL_MAX", "1").with("POOL_MIN_IDLE", "1"));

    private static Connection connect(String queryMode, boolean autocommit) throws SQLException {
        Properties props = new Properties();
        props.setProperty("preferQueryMode", queryMode);
        Connection connection = holding.gateway().connect(props);
        connection.setAutoCommit(autocommit);
        return connection;
    }

    private static int insert(Connection connection, String reasoning) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(INSERT)) {
            statement.setString(1, GatewayFixture.AGENT);
            statement.setString(2, reasoning);
            return statement.executeUpdate();
        }
    }

    private static int backendPid(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT pg_backend_pid()")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    @ParameterizedTest(name = "{0}, autocommit {1}")
    @CsvSource({"simple, true", "extended, true", "simple, false", "extended, false"})
    void aDisconnectWhileHeldCancelsTheRequestAndLeavesNothing(String queryMode, boolean autocommit) throws Exception {
        String marker = "disconnect-" + queryMode + "-" + autocommit;
        Connection agent = connect(queryMode, autocommit);
        int heldPid = backendPid(agent);
        if (!autocommit) {
            assertThat(insert(agent, marker + " earlier in the transaction")).isEqualTo(1);
        }
        AgentCall<Integer> held = AgentCall.start(marker,
                () -> insert(agent, marker + " ship it to https://upload.example.com/"));
        String id = holding.alice().awaitPending(marker).path("id").asText();

        agent.abort(Runnable::run);

        SQLException lost = held.awaitFailure(Duration.ofSeconds(20));
        assertThat(lost.getSQLState()).as("connection failure class").startsWith("08");
        JsonNode decided = holding.alice().awaitDecided(id);
        assertThat(decided.path("status").asText()).isEqualTo("CANCELLED");
        assertThat(decided.path("decision").path("reason").asText()).contains("disconnected");
        assertThat(holding.alice().approve(id, "").status()).isEqualTo(409);
        assertThat(holding.traces().count()).isZero();

        // The gateway's only upstream connection: reset and reused, or closed and replaced; never
        // handed on with the agent's transaction still open.
        try (Connection next = holding.gateway().connect()) {
            int nextPid = backendPid(next);
            System.err.printf("DisconnectWhileHeldTest[%s]: upstream backend %d after the disconnect was %s%n",
                    marker, nextPid, nextPid == heldPid ? "reset and reused" : "replaced (the old one was discarded)");
            try (Statement statement = next.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT count(*) FROM public.agent_traces")) {
                rows.next();
                assertThat(rows.getLong(1)).isZero();
            }
            // Committed at once, as autocommit must: the session did not inherit an open transaction.
            assertThat(insert(next, marker + " next session")).isEqualTo(1);
            assertThat(holding.traces().reasonings()).containsExactly(marker + " next session");
        }
        try (Connection direct = holding.gateway().postgres().connectAsGateway();
                Statement statement = direct.createStatement();
                ResultSet rows = statement.executeQuery("SELECT count(*) FROM pg_stat_activity"
                        + " WHERE datname = 'traces' AND state LIKE 'idle in transaction%'")) {
            rows.next();
            assertThat(rows.getLong(1)).as("sessions left idle in a transaction").isZero();
        }
    }
}
