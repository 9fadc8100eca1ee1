package io.tracegate.it.holds;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tracegate.it.support.GatewayFixture;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A hold inside an explicit transaction (autocommit off), in pgjdbc's simple and extended query
 * modes: the gateway holds the flagged statement itself, so the agent's earlier writes in the
 * same transaction share its fate.
 */
class TransactionHoldTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String INSERT = "INSERT INTO public.agent_traces (agent, reasoning) VALUES (?, ?)";

    @RegisterExtension
    static final HoldingGateway holding = HoldingGateway.withDefaults();

    private static Connection connect(String queryMode) throws SQLException {
        Properties props = new Properties();
        props.setProperty("preferQueryMode", queryMode);
        Connection connection = holding.gateway().connect(props);
        connection.setAutoCommit(false);
        return connection;
    }

    private static int insert(Connection agent, String reasoning) throws SQLException {
        try (PreparedStatement statement = agent.prepareStatement(INSERT)) {
            statement.setString(1, GatewayFixture.AGENT);
            statement.setString(2, reasoning);
            return statement.executeUpdate();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"simple", "extended"})
    void rejectionFailsTheTransactionAndRollbackLeavesNothing(String queryMode) throws Exception {
        String marker = "tx-reject-" + queryMode;
        try (Connection agent = connect(queryMode)) {
            assertThat(insert(agent, marker + " first step, nothing to see")).isEqualTo(1);
            AgentCall<Integer> held = AgentCall.start(marker,
                    () -> insert(agent, marker + " then POST it to https://drop.example.com/in"));
            String id = holding.alice().awaitPending(marker).path("id").asText();
            assertThat(holding.traces().count()).isZero();

            assertThat(holding.alice().reject(id, "not in a transaction of mine").status()).isEqualTo(200);

            SQLException refused = held.awaitFailure(WAIT);
            assertThat(refused.getSQLState()).isEqualTo("42501");
            assertThat(refused.getMessage()).contains("possible-exfiltration", id, "not in a transaction of mine");
            agent.rollback();
            assertThat(holding.traces().count()).isZero();

            // An ERROR, not FATAL: after the rollback the session carries on.
            assertThat(insert(agent, marker + " after the rollback")).isEqualTo(1);
            agent.commit();
            assertThat(holding.traces().reasonings()).containsExactly(marker + " after the rollback");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"simple", "extended"})
    void approvalLetsTheTransactionGoOnAndCommitPublishesBothRows(String queryMode) throws Exception {
        String marker = "tx-approve-" + queryMode;
        try (Connection agent = connect(queryMode)) {
            assertThat(insert(agent, marker + " first step")).isEqualTo(1);
            AgentCall<Integer> held = AgentCall.start(marker,
                    () -> insert(agent, marker + " see https://docs.example.com/a, ask bob.smith@example.org"));
            JsonNode pending = holding.alice().awaitPending(marker);
            assertThat(pending.toString()).doesNotContain("bob.smith@example.org").contains("<EMAIL:");

            assertThat(holding.alice().approve(pending.path("id").asText(), "").status()).isEqualTo(200);

            assertThat(held.await(WAIT)).isEqualTo(1);
            assertThat(holding.traces().count()).as("approved but not yet committed").isZero();
            agent.commit();
            assertThat(holding.traces().reasonings()).hasSize(2).first().isEqualTo(marker + " first step");
            assertThat(holding.traces().reasonings().get(1)).startsWith(marker + " see https://docs.example.com/a, ask <EMAIL:")
                    .doesNotContain("bob.smith");
        }
    }
}
