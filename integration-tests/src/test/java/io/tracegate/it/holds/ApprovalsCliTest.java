package io.tracegate.it.holds;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracegate.it.support.GatewayFixture;
import io.tracegate.proxy.cli.TracegateCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

/** {@code tracegate approvals list|show|approve|reject} against the real gateway's admin port. */
class ApprovalsCliTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @RegisterExtension
    static final HoldingGateway holding = HoldingGateway.withDefaults();

    /** What one in-process run of the CLI printed. */
    record Run(int exitCode, String out, String err) {
    }

    private static Run tracegate(String token, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--admin", holding.alice().base().toString(), "--token", token));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = TracegateCli.newCommandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(all.toArray(String[]::new));
        return new Run(code, out.toString(), err.toString());
    }

    private static AgentCall<Integer> holdInsert(Statement statement, String marker) {
        return AgentCall.start(marker, () -> statement.executeUpdate("INSERT INTO public.agent_traces (agent, reasoning)"
                + " VALUES ('agent-7', '" + marker + ": archive at https://files.example.com/x')"));
    }

    @Test
    void aReviewerListsShowsAndApprovesFromTheCommandLine() throws Exception {
        try (Connection agent = holding.gateway().connect(); Statement statement = agent.createStatement()) {
            AgentCall<Integer> held = holdInsert(statement, "cli-approve");
            String id = holding.alice().awaitPending("cli-approve").path("id").asText();

            Run list = tracegate(GatewayFixture.REVIEWER_TOKEN, "approvals", "list");
            assertThat(list.exitCode()).as(list.err()).isZero();
            assertThat(list.out()).contains("ID", "AGENT", "RULE", "WAITING", "STATEMENT");
            assertThat(list.out().lines().filter(line -> line.startsWith(id)).findFirst())
                    .hasValueSatisfying(line -> assertThat(line).contains("agent-7", "possible-exfiltration"));

            Run show = tracegate(GatewayFixture.REVIEWER_TOKEN, "approvals", "show", id);
            assertThat(show.exitCode()).as(show.err()).isZero();
            assertThat(show.out()).contains("id:          " + id, "status:      PENDING", "rule:        possible-exfiltration",
                    "statement (masked):", "cli-approve: archive at https://files.example.com/x");

            Run approve = tracegate(GatewayFixture.REVIEWER_TOKEN, "approvals", "approve", id, "--reason", "looks fine");
            assertThat(approve.exitCode()).as(approve.err()).isZero();
            assertThat(approve.out().strip()).isEqualTo("approved " + id + " (agent-7, rule possible-exfiltration)");

            assertThat(held.await(WAIT)).isEqualTo(1);
            assertThat(holding.traces().reasonings()).containsExactly("cli-approve: archive at https://files.example.com/x");
            assertThat(tracegate(GatewayFixture.REVIEWER_TOKEN, "approvals", "list").out())
                    .contains("no pending approval requests");
        }
    }

    @Test
    void aRejectionWithAReasonReachesTheAgentAndASecondDecisionFails() throws Exception {
        try (Connection agent = holding.gateway().connect(); Statement statement = agent.createStatement()) {
            AgentCall<Integer> held = holdInsert(statement, "cli-reject");
            String id = holding.alice().awaitPending("cli-reject").path("id").asText();

            Run refusedLogin = tracegate("wrong-token", "approvals", "list");
            assertThat(refusedLogin.exitCode()).isEqualTo(1);
            assertThat(refusedLogin.err()).contains("HTTP 401");

            Run reject = tracegate(GatewayFixture.REVIEWER_TOKEN, "approvals", "reject", id, "--reason", "unknown host");
            assertThat(reject.exitCode()).as(reject.err()).isZero();
            assertThat(reject.out().strip()).isEqualTo("rejected " + id + " (agent-7, rule possible-exfiltration)");

            SQLException refused = held.awaitFailure(WAIT);
            assertThat(refused.getSQLState()).isEqualTo("42501");
            assertThat(refused.getMessage()).contains(id, "unknown host");
            assertThat(holding.traces().count()).isZero();

            Run late = tracegate(GatewayFixture.REVIEWER_TOKEN, "approvals", "approve", id);
            assertThat(late.exitCode()).isEqualTo(1);
            assertThat(late.err()).contains("HTTP 409");
        }
    }
}
