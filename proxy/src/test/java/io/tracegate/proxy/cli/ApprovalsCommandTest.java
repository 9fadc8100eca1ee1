package io.tracegate.proxy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracegate.policy.Identity;
import io.tracegate.policy.config.IdentityConfig;
import io.tracegate.proxy.approval.ApprovalDecision;
import io.tracegate.proxy.approval.ApprovalRequest;
import io.tracegate.proxy.approval.ApprovalService;
import io.tracegate.proxy.approval.PendingApproval;
import io.tracegate.proxy.approval.http.ApprovalHttp;
import io.tracegate.proxy.approval.http.TestAdminServer;
import io.tracegate.proxy.session.Identities;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ApprovalsCommandTest {

    static final String TOKEN = "alice-review-token";

    @TempDir
    Path dataDir;

    private ApprovalService service;
    private TestAdminServer server;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void start() throws Exception {
        service = ApprovalService.builder().dataDir(dataDir).build();
        String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(TOKEN.getBytes(StandardCharsets.UTF_8)));
        Identities identities = new Identities(List.of(
                new IdentityConfig("alice", Set.of("reviewer"), Optional.empty(), Optional.of(hash))));
        server = new TestAdminServer(new ApprovalHttp(service, identities, Set.of("reviewer"), Clock.systemUTC()));
    }

    @AfterEach
    void stop() {
        server.close();
        service.close();
    }

    private int run(String... args) {
        CommandLine command = new CommandLine(new ApprovalsCommand());
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        String[] all = new String[args.length + 4];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--admin";
        all[args.length + 1] = server.uri().toString();
        all[args.length + 2] = "--token";
        all[args.length + 3] = TOKEN;
        return command.execute(all);
    }

    private PendingApproval submit() throws InterruptedException {
        PendingApproval pending = service.submit(new ApprovalRequest("s-1", new Identity("agent-7", Set.of("agent")),
                "possible-exfiltration", Set.of("reviewer"), null,
                "INSERT INTO public.agent_traces (reasoning)\nVALUES ($1)", List.of("run <SHELL_COMMAND>"), "127.0.0.1:1"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (service.find(pending.id()).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        return pending;
    }

    @Test
    void listShowsATableOfPendingRequests() throws Exception {
        assertThat(run("list")).isZero();
        assertThat(out.toString()).contains("no pending approval requests");
        PendingApproval pending = submit();
        assertThat(run("list")).isZero();
        assertThat(out.toString()).contains("ID", "AGENT", pending.id(), "agent-7", "possible-exfiltration",
                "INSERT INTO public.agent_traces (reasoning) VALUES ($1)");
    }

    @Test
    void showPrintsTheMaskedStatementAndParameters() throws Exception {
        PendingApproval pending = submit();
        assertThat(run("show", pending.id())).isZero();
        assertThat(out.toString()).contains("status:      PENDING", "statement (masked):",
                "  VALUES ($1)", "$1 = run <SHELL_COMMAND>");
    }

    @Test
    void approveAndRejectDecideAndReportConflicts() throws Exception {
        PendingApproval first = submit();
        assertThat(run("approve", first.id(), "--reason", "fine")).isZero();
        assertThat(out.toString()).contains("approved " + first.id());
        ApprovalDecision decision = first.decision().toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(decision.reviewer()).isEqualTo("alice");
        assertThat(decision.reason()).isEqualTo("fine");

        assertThat(run("reject", first.id())).isEqualTo(1);
        assertThat(err.toString()).contains("already decided: APPROVED", "HTTP 409");

        PendingApproval second = submit();
        assertThat(run("reject", second.id(), "--reason", "exfiltration")).isZero();
        assertThat(second.decision().toCompletableFuture().get(5, TimeUnit.SECONDS).outcome())
                .isEqualTo(ApprovalDecision.Outcome.REJECTED);
    }

    @Test
    void errorsAreReportedWithTheirStatus() {
        assertThat(run("show", "does-not-exist")).isEqualTo(1);
        assertThat(err.toString()).contains("no approval request does-not-exist", "HTTP 404");
        CommandLine command = new CommandLine(new ApprovalsCommand());
        command.setErr(new PrintWriter(err, true));
        assertThat(command.execute("list", "--admin", server.uri().toString(), "--token", "wrong")).isEqualTo(1);
        assertThat(err.toString()).contains("HTTP 401");
    }

    @Test
    void anUnreachableGatewayIsReported() {
        CommandLine command = new CommandLine(new ApprovalsCommand());
        command.setErr(new PrintWriter(err, true));
        assertThat(command.execute("list", "--admin", "http://127.0.0.1:1/", "--token", TOKEN)).isEqualTo(1);
        assertThat(err.toString()).contains("cannot reach the gateway");
    }
}
