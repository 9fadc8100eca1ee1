package io.tracegate.it.holds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tracegate.it.support.GatewayFixture;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.RepeatedTest;

/**
 * The gateway stops while a statement is held: the agent is told why (42501 naming the rule and
 * the approval), nothing is stored, and its connection is then closed rather than left hanging.
 * Repeated because the failures it guards against were races with the event loops' shutdown.
 */
class ShutdownWhileHeldTest {

    @RepeatedTest(3)
    void stoppingTheGatewayRefusesTheHeldStatementWith42501ThenClosesTheConnection() throws Exception {
        GatewayFixture gateway = GatewayFixture.start();
        StoredTraces traces = new StoredTraces(gateway.postgres());
        traces.truncate();
        AdminApi alice = new AdminApi(gateway.server().adminPort(), GatewayFixture.REVIEWER_TOKEN);
        Properties props = new Properties();
        // A connection left open by the gateway would otherwise hang the test.
        props.setProperty("socketTimeout", "20");
        boolean stopped = false;
        try (Connection agent = gateway.connect(props); Statement statement = agent.createStatement()) {
            AgentCall<Integer> held = AgentCall.start("shutdown", () -> statement.executeUpdate(
                    "INSERT INTO public.agent_traces (agent, reasoning) VALUES ('agent-7', 'shutdown: https://x.example.com/')"));
            String id = alice.awaitPending("shutdown:").path("id").asText();

            long stopping = System.nanoTime();
            gateway.close();
            stopped = true;
            System.err.printf("ShutdownWhileHeldTest: the gateway stopped in %d ms with a statement held%n",
                    (System.nanoTime() - stopping) / 1_000_000);

            SQLException refused = held.awaitFailure(Duration.ofSeconds(10));
            assertThat(refused.getSQLState()).as(refused.getMessage()).isEqualTo("42501");
            assertThat(refused.getMessage()).contains("\"possible-exfiltration\"", "approval " + id,
                    "the gateway is stopping");

            long asking = System.nanoTime();
            SQLException gone = catchThrowableOfType(SQLException.class, () -> statement.executeQuery("SELECT 1"));
            assertThat((Throwable) gone).as("a query on the closed connection").isNotNull();
            assertThat(gone.getSQLState()).startsWith("08");
            assertThat(Duration.ofNanos(System.nanoTime() - asking)).as("the connection was closed, not left open")
                    .isLessThan(Duration.ofSeconds(5));
        } finally {
            if (!stopped) {
                gateway.close();
            }
        }
        assertThat(traces.count()).isZero();
    }
}
