package io.tracegate.it.holds;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracegate.it.support.GatewayFixture;
import io.tracegate.protocol.auth.PasswordHasher;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Who may see and decide held requests on the real admin API: 401 without a valid bearer
 * token, 403 for identities that are not reviewers of the rule (or that asked themselves), 404
 * for an unknown id, 409 once decided.
 */
class ApprovalApiAuthTest {

    /** An agent with an API token but no reviewer role. */
    private static final String BOT_TOKEN = "bot-9-api-token";
    /** Both an agent and a reviewer: may review others, never itself. */
    private static final String CAROL_PASSWORD = "carol-secret";
    private static final String CAROL_TOKEN = "carol-review-token";

    private static GatewayFixture gateway;
    private static AdminApi alice;
    private static StoredTraces traces;

    private Connection agent;
    private AgentCall<Integer> held;
    private String heldId;

    @BeforeAll
    static void start() {
        String policy = PolicyVariants.defaults()
                .withIdentity("  - name: bot-9\n"
                        + "    roles: [agent]\n"
                        + "    api_token_sha256: \"" + PolicyVariants.tokenHash(BOT_TOKEN) + "\"\n"
                        + "  - name: carol\n"
                        + "    roles: [agent, reviewer]\n"
                        + "    scram_sha_256: \"" + PasswordHasher.hashPassword(CAROL_PASSWORD) + "\"\n"
                        + "    api_token_sha256: \"" + PolicyVariants.tokenHash(CAROL_TOKEN) + "\"\n")
                .yaml();
        gateway = GatewayFixture.builder().policy(policy).start();
        alice = new AdminApi(gateway.server().adminPort(), GatewayFixture.REVIEWER_TOKEN);
        traces = new StoredTraces(gateway.postgres());
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    /** Every test has one request of agent-7's held. */
    @BeforeEach
    void holdOne() throws Exception {
        traces.truncate();
        agent = gateway.connect();
        Statement statement = agent.createStatement();
        held = AgentCall.start("auth", () -> statement.executeUpdate("INSERT INTO public.agent_traces (agent, reasoning)"
                + " VALUES ('agent-7', 'auth: post to https://api.example.com/collect')"));
        heldId = alice.awaitPending("auth:").path("id").asText();
    }

    @AfterEach
    void release() throws Exception {
        AdminApi.Reply show = alice.show(heldId);
        if (show.approval().path("status").asText().equals("PENDING")) {
            alice.reject(heldId, "test over");
        }
        try {
            held.await(Duration.ofSeconds(20));
        } catch (SQLException refused) {
            // Rejected: the call has ended, which is all the next test needs.
        }
        agent.close();
    }

    private AdminApi as(String token) {
        return new AdminApi(gateway.server().adminPort(), token);
    }

    @Test
    void withoutAValidBearerTokenEveryApiCallIs401() throws Exception {
        for (AdminApi caller : new AdminApi[] {as(null), as("not-a-token"), as(GatewayFixture.AGENT_PASSWORD)}) {
            assertThat(caller.get("/api/approvals").status()).isEqualTo(401);
            assertThat(caller.get("/api/me").status()).isEqualTo(401);
            assertThat(caller.show(heldId).status()).isEqualTo(401);
            AdminApi.Reply approve = caller.approve(heldId, "let me");
            assertThat(approve.status()).isEqualTo(401);
            assertThat(approve.text()).doesNotContain("possible-exfiltration", heldId);
        }
        // A Basic header carrying the right token is still not a bearer token.
        HttpResponse<String> basic = HttpClient.newHttpClient().send(HttpRequest
                .newBuilder(URI.create(alice.base() + "/api/approvals"))
                .header("Authorization", "Basic " + GatewayFixture.REVIEWER_TOKEN).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(basic.statusCode()).isEqualTo(401);
        assertThat(basic.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertStillHeld();
    }

    @Test
    void anAgentIdentityWithATokenIsForbidden() throws Exception {
        AdminApi bot = as(BOT_TOKEN);
        AdminApi.Reply me = bot.get("/api/me");
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.body().path("name").asText()).isEqualTo("bot-9");
        assertThat(me.body().path("reviewer").asBoolean()).isFalse();

        assertThat(bot.get("/api/approvals").status()).isEqualTo(403);
        assertThat(bot.show(heldId).status()).isEqualTo(403);
        assertThat(bot.approve(heldId, "").status()).isEqualTo(403);
        assertThat(bot.reject(heldId, "").status()).isEqualTo(403);
        assertStillHeld();
    }

    @Test
    void aReviewerWhoIsAlsoAnAgentCannotApproveItsOwnRequest() throws Exception {
        Properties carolLogin = new Properties();
        carolLogin.setProperty("user", "carol");
        carolLogin.setProperty("password", CAROL_PASSWORD);
        AdminApi carol = as(CAROL_TOKEN);
        try (Connection carolAgent = gateway.connect(carolLogin); Statement statement = carolAgent.createStatement()) {
            AgentCall<Integer> own = AgentCall.start("carol", () -> statement.executeUpdate(
                    "INSERT INTO public.agent_traces (agent, reasoning) VALUES ('carol', 'own: https://carol.example.com/')"));
            String ownId = alice.awaitPending("own:").path("id").asText();
            assertThat(alice.show(ownId).approval().path("requester").asText()).isEqualTo("carol");

            AdminApi.Reply self = carol.approve(ownId, "trust me");
            assertThat(self.status()).isEqualTo(403);
            assertThat(self.text()).contains("own request");
            // Carol still reviews agent-7's requests, and alice reviews carol's.
            assertThat(carol.pending()).extracting(a -> a.path("id").asText()).contains(heldId, ownId);
            assertThat(carol.approve(heldId, "checked").status()).isEqualTo(200);
            assertThat(held.await(Duration.ofSeconds(20))).isEqualTo(1);
            assertThat(alice.reject(ownId, "not your own call").status()).isEqualTo(200);
            assertThat(own.awaitFailure(Duration.ofSeconds(20)).getSQLState()).isEqualTo("42501");
        }
        assertThat(traces.reasonings()).containsExactly("auth: post to https://api.example.com/collect");
    }

    @Test
    void anUnknownIdIs404AndASecondDecisionIs409() throws Exception {
        assertThat(alice.show("0000000000000000").status()).isEqualTo(404);
        assertThat(alice.approve("0000000000000000", "").status()).isEqualTo(404);

        assertThat(alice.reject(heldId, "first word").status()).isEqualTo(200);
        AdminApi.Reply again = alice.approve(heldId, "second thoughts");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.approval().path("status").asText()).isEqualTo("REJECTED");
        assertThat(again.approval().path("decision").path("reason").asText()).isEqualTo("first word");
        assertThat(alice.reject(heldId, "").status()).isEqualTo(409);

        SQLException refused = held.awaitFailure(Duration.ofSeconds(20));
        assertThat(refused.getMessage()).contains("first word").doesNotContain("second thoughts");
        assertThat(traces.count()).isZero();
    }

    private void assertStillHeld() throws Exception {
        assertThat(alice.show(heldId).approval().path("status").asText()).isEqualTo("PENDING");
        assertThat(held.isDone()).isFalse();
        assertThat(traces.count()).isZero();
    }
}
