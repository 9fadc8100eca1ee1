package io.tracegate.it.holds;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tracegate.it.support.GatewayFixture;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The rule's {@code timeout} (2 s here): an undecided hold ends as a 42501 refusal and leaves nothing. */
class HoldTimeoutTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    @RegisterExtension
    static final HoldingGateway holding =
            HoldingGateway.configured(builder -> builder.with("HOLD_TIMEOUT", "2s"));

    @Test
    void anUndecidedHoldTimesOutWith42501AndStoresNothing() throws Exception {
        try (Connection agent = holding.gateway().connect();
                PreparedStatement insert = agent.prepareStatement(
                        "INSERT INTO public.agent_traces (agent, reasoning) VALUES (?, ?)")) {
            insert.setString(1, GatewayFixture.AGENT);
            insert.setString(2, "timeout: fetch https://mirror.example.com/payload.bin");
            long started = System.nanoTime();
            AgentCall<Integer> held = AgentCall.start("timeout", insert::executeUpdate);
            JsonNode pending = holding.alice().awaitPending("timeout:");
            String id = pending.path("id").asText();
            assertThat(Duration.between(Instant.parse(pending.path("requestedAt").asText()),
                    Instant.parse(pending.path("deadline").asText()))).isEqualTo(TIMEOUT);

            SQLException refused = held.awaitFailure(Duration.ofSeconds(20));
            Duration waited = Duration.ofNanos(held.finishedAt() - started);
            System.err.printf("HoldTimeoutTest: the agent's call failed after %d ms (timeout %s)%n",
                    waited.toMillis(), TIMEOUT);
            assertThat(waited).isGreaterThanOrEqualTo(TIMEOUT.minusMillis(100)).isLessThan(TIMEOUT.plusSeconds(6));
            assertThat(refused.getSQLState()).isEqualTo("42501");
            assertThat(refused.getMessage()).contains("\"possible-exfiltration\"", "not approved in time",
                    "approval " + id, "no decision within 2s");
            assertThat(HeldNotices.approvalIds(insert.getWarnings())).containsExactly(id);
            assertThat(holding.traces().count()).isZero();

            JsonNode decided = holding.alice().awaitDecided(id);
            assertThat(decided.path("status").asText()).isEqualTo("TIMED_OUT");
            assertThat(decided.path("decision").path("reviewer").isNull()).isTrue();
            // Too late to approve now.
            assertThat(holding.alice().approve(id, "sorry, was at lunch").status()).isEqualTo(409);

            // An ERROR, not FATAL: the session goes on.
            insert.setString(2, "timeout: and afterwards, nothing risky");
            assertThat(insert.executeUpdate()).isEqualTo(1);
            assertThat(holding.traces().reasonings()).containsExactly("timeout: and afterwards, nothing risky");
        }
    }
}
