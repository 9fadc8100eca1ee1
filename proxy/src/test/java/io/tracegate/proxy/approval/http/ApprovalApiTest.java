package io.tracegate.proxy.approval.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tracegate.policy.Identity;
import io.tracegate.policy.config.IdentityConfig;
import io.tracegate.proxy.approval.ApprovalDecision;
import io.tracegate.proxy.approval.ApprovalJson;
import io.tracegate.proxy.approval.ApprovalRequest;
import io.tracegate.proxy.approval.ApprovalService;
import io.tracegate.proxy.approval.PendingApproval;
import io.tracegate.proxy.session.Identities;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApprovalApiTest {

    static final String ALICE_TOKEN = "alice-review-token";
    static final String AGENT_TOKEN = "agent-api-token";
    static final String AUDITOR_TOKEN = "auditor-token";

    @TempDir
    Path dataDir;

    private ApprovalService service;
    private ApprovalHttp http;

    static String sha256(String token) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    }

    static Identities identities() throws Exception {
        return new Identities(List.of(
                new IdentityConfig("alice", Set.of("reviewer"), Optional.empty(), Optional.of(sha256(ALICE_TOKEN))),
                new IdentityConfig("agent-7", Set.of("agent"), Optional.empty(), Optional.of(sha256(AGENT_TOKEN))),
                new IdentityConfig("carol", Set.of("auditor"), Optional.empty(), Optional.of(sha256(AUDITOR_TOKEN)))));
    }

    @BeforeEach
    void start() throws Exception {
        service = ApprovalService.builder().dataDir(dataDir).build();
        http = new ApprovalHttp(service, identities(), Set.of("reviewer", "auditor"), Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        service.close();
    }

    private PendingApproval submit(Set<String> reviewers) throws InterruptedException {
        PendingApproval pending = service.submit(new ApprovalRequest("s-9", new Identity("agent-7", Set.of("agent")),
                "possible-exfiltration", reviewers, Duration.ofMinutes(10),
                "INSERT INTO t VALUES ('<URL>')", Arrays.asList("<EMAIL>", null), "10.0.0.7:5555"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (service.find(pending.id()).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        return pending;
    }

    private HttpReply call(String method, String target, String token, String body) {
        return http.handle(HttpCall.of(method, target, token == null ? null : "Bearer " + token,
                body == null ? null : body.getBytes(StandardCharsets.UTF_8))).orElseThrow();
    }

    private static JsonNode json(HttpReply reply) throws Exception {
        assertThat(reply.contentType()).startsWith("application/json");
        return ApprovalJson.read(reply.bodyText());
    }

    @Test
    void withoutAValidTokenEverythingIs401() {
        assertThat(call("GET", "/api/approvals", null, null).status()).isEqualTo(401);
        assertThat(call("GET", "/api/approvals", "wrong", null).status()).isEqualTo(401);
        assertThat(call("POST", "/api/approvals/x/approve", null, null).status()).isEqualTo(401);
        HttpReply basic = http.handle(HttpCall.of("GET", "/api/me", "Basic YWxpY2U6eA==", null)).orElseThrow();
        assertThat(basic.status()).isEqualTo(401);
        assertThat(basic.headers()).containsEntry("WWW-Authenticate", "Bearer realm=\"tracegate\"");
    }

    @Test
    void meNamesTheTokensIdentity() throws Exception {
        JsonNode me = json(call("GET", "/api/me", ALICE_TOKEN, null));
        assertThat(me.path("name").asText()).isEqualTo("alice");
        assertThat(me.path("reviewer").asBoolean()).isTrue();
        assertThat(json(call("GET", "/api/me", AGENT_TOKEN, null)).path("reviewer").asBoolean()).isFalse();
    }

    @Test
    void listShowsPendingRequestsWithMaskedTextAndWaitingTime() throws Exception {
        PendingApproval pending = submit(Set.of("reviewer"));
        HttpReply reply = call("GET", "/api/approvals", ALICE_TOKEN, null);
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.headers()).containsEntry("Cache-Control", "no-store");
        JsonNode approval = json(reply).path("approvals").get(0);
        assertThat(approval.path("id").asText()).isEqualTo(pending.id());
        assertThat(approval.path("requester").asText()).isEqualTo("agent-7");
        assertThat(approval.path("rule").asText()).isEqualTo("possible-exfiltration");
        assertThat(approval.path("statement").asText()).isEqualTo("INSERT INTO t VALUES ('<URL>')");
        assertThat(approval.path("parameters").get(0).asText()).isEqualTo("<EMAIL>");
        assertThat(approval.path("parameters").get(1).isNull()).isTrue();
        assertThat(approval.path("waitingMillis").asLong()).isGreaterThanOrEqualTo(0);
        assertThat(approval.path("status").asText()).isEqualTo("PENDING");
    }

    @Test
    void nonReviewersGet403AndSeeOnlyWhatTheyMayDecide() throws Exception {
        PendingApproval pending = submit(Set.of("reviewer"));
        assertThat(call("GET", "/api/approvals", AGENT_TOKEN, null).status()).isEqualTo(403);
        assertThat(call("GET", "/api/approvals/" + pending.id(), AGENT_TOKEN, null).status()).isEqualTo(403);
        assertThat(call("POST", "/api/approvals/" + pending.id() + "/approve", AGENT_TOKEN, null).status()).isEqualTo(403);
        // carol reviews other rules: she sees nothing of this one and may not decide it.
        assertThat(json(call("GET", "/api/approvals", AUDITOR_TOKEN, null)).path("approvals")).isEmpty();
        assertThat(call("GET", "/api/approvals/" + pending.id(), AUDITOR_TOKEN, null).status()).isEqualTo(403);
        assertThat(call("POST", "/api/approvals/" + pending.id() + "/approve", AUDITOR_TOKEN, null).status())
                .isEqualTo(403);
        assertThat(pending.decision().toCompletableFuture()).isNotDone();
    }

    @Test
    void approveReleasesTheHoldAndASecondDecisionIs409() throws Exception {
        PendingApproval pending = submit(Set.of("reviewer"));
        HttpReply approved = call("POST", "/api/approvals/" + pending.id() + "/approve", ALICE_TOKEN,
                "{\"reason\": \"  checked the URL  \"}");
        assertThat(approved.status()).isEqualTo(200);
        JsonNode decision = json(approved).path("approval").path("decision");
        assertThat(decision.path("outcome").asText()).isEqualTo("APPROVED");
        assertThat(decision.path("reviewer").asText()).isEqualTo("alice");
        assertThat(decision.path("reason").asText()).isEqualTo("checked the URL");
        ApprovalDecision released = pending.decision().toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(released.approved()).isTrue();

        HttpReply again = call("POST", "/api/approvals/" + pending.id() + "/reject", ALICE_TOKEN, null);
        assertThat(again.status()).isEqualTo(409);
        assertThat(json(again).path("error").asText()).contains("already decided: APPROVED");
        assertThat(json(call("GET", "/api/approvals/" + pending.id(), ALICE_TOKEN, null)).path("approval")
                .path("status").asText()).isEqualTo("APPROVED");
        JsonNode recent = json(call("GET", "/api/approvals?status=decided&limit=5", ALICE_TOKEN, null));
        assertThat(recent.path("approvals").get(0).path("id").asText()).isEqualTo(pending.id());
    }

    @Test
    void rejectWithoutABodyHasAnEmptyReason() throws Exception {
        PendingApproval pending = submit(Set.of("reviewer"));
        assertThat(call("POST", "/api/approvals/" + pending.id() + "/reject", ALICE_TOKEN, "").status()).isEqualTo(200);
        ApprovalDecision decision = pending.decision().toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(decision.outcome()).isEqualTo(ApprovalDecision.Outcome.REJECTED);
        assertThat(decision.reason()).isEmpty();
    }

    @Test
    void unknownIdsAre404AndBadRequestsAre400Or405() {
        assertThat(call("GET", "/api/approvals/nope", ALICE_TOKEN, null).status()).isEqualTo(404);
        assertThat(call("POST", "/api/approvals/nope/approve", ALICE_TOKEN, null).status()).isEqualTo(404);
        assertThat(call("POST", "/api/approvals/nope/approve", ALICE_TOKEN, "not json").status()).isEqualTo(400);
        assertThat(call("POST", "/api/approvals/nope/approve", ALICE_TOKEN, "{\"reason\": 7}").status()).isEqualTo(400);
        assertThat(call("POST", "/api/approvals/nope/approve", ALICE_TOKEN,
                "{\"reason\": \"" + "x".repeat(ApprovalApi.MAX_REASON + 1) + "\"}").status()).isEqualTo(400);
        assertThat(call("GET", "/api/approvals?status=maybe", ALICE_TOKEN, null).status()).isEqualTo(400);
        HttpReply wrongMethod = call("GET", "/api/approvals/x/approve", ALICE_TOKEN, null);
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.headers()).containsEntry("Allow", "POST");
        assertThat(call("DELETE", "/api/approvals", ALICE_TOKEN, null).status()).isEqualTo(405);
        assertThat(call("GET", "/api/approvals/x/y/z", ALICE_TOKEN, null).status()).isEqualTo(404);
    }

    @Test
    void thePageIsServedWithAStrictContentSecurityPolicy() {
        HttpReply page = http.handle(HttpCall.of("GET", "/", null, null)).orElseThrow();
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.bodyText()).contains("Tracegate approvals", "/approval-ui/app.js");
        assertThat(page.headers().get("Content-Security-Policy")).contains("script-src 'self'", "frame-ancestors 'none'");
        HttpReply script = http.handle(HttpCall.of("GET", "/approval-ui/app.js", null, null)).orElseThrow();
        assertThat(script.contentType()).startsWith("text/javascript");
        // Agent-written text reaches the DOM as text only.
        assertThat(script.bodyText()).doesNotContain("innerHTML", "insertAdjacentHTML", "eval(");
        assertThat(http.handle(HttpCall.of("POST", "/", null, null)).orElseThrow().status()).isEqualTo(405);
        assertThat(http.handle(HttpCall.of("GET", "/metrics", null, null))).isEmpty();
    }
}
