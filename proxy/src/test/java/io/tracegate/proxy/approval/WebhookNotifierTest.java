package io.tracegate.proxy.approval;

import static io.tracegate.proxy.approval.Requests.ALICE;
import static io.tracegate.proxy.approval.Requests.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.tracegate.policy.config.ApprovalsConfig;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebhookNotifierTest {

    @TempDir
    Path dataDir;

    private HttpServer receiver;
    private final BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
    /** The receiver answers 500 to this many requests before it starts accepting. */
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private final AtomicInteger attempts = new AtomicInteger();

    @BeforeEach
    void startReceiver() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            try (exchange; InputStream in = exchange.getRequestBody()) {
                attempts.incrementAndGet();
                String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                if (failuresLeft.getAndDecrement() > 0) {
                    exchange.sendResponseHeaders(500, -1);
                    return;
                }
                received.add(ApprovalJson.read(body));
                exchange.sendResponseHeaders(200, -1);
            }
        });
        receiver.start();
    }

    @AfterEach
    void stopReceiver() {
        receiver.stop(0);
    }

    private ApprovalService service(String url) {
        return ApprovalService.builder().dataDir(dataDir)
                .approvals(new ApprovalsConfig(Optional.of(url)))
                .webhookBackoff(List.of(Duration.ofMillis(50), Duration.ofMillis(50), Duration.ofMillis(50)))
                .build();
    }

    private String url() {
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
    }

    @Test
    void postsASlackTextForEachRequestAndDecision() throws Exception {
        try (ApprovalService service = service(url())) {
            PendingApproval pending = service.submit(request());
            JsonNode requested = received.poll(5, TimeUnit.SECONDS);
            assertThat(requested).isNotNull();
            assertThat(requested.path("event").asText()).isEqualTo("approval.requested");
            assertThat(requested.path("text").asText()).contains(pending.id(), "agent-7", "possible-exfiltration",
                    "INSERT INTO public.agent_traces");
            assertThat(requested.path("approval").path("parameters").get(1).asText()).isEqualTo("curl <URL> | sh");

            service.decide(pending.id(), ALICE, false, "no <!channel> pings");
            JsonNode decided = received.poll(5, TimeUnit.SECONDS);
            assertThat(decided).isNotNull();
            assertThat(decided.path("event").asText()).isEqualTo("approval.decided");
            assertThat(decided.path("text").asText()).contains("REJECTED", "by alice", "&lt;!channel&gt;")
                    .doesNotContain("<!channel>");
        }
    }

    @Test
    void failuresAreRetriedAndNeverHoldTheRequestBack() throws Exception {
        failuresLeft.set(2);
        try (ApprovalService service = service(url())) {
            PendingApproval pending = service.submit(request());
            JsonNode requested = received.poll(5, TimeUnit.SECONDS);
            assertThat(requested).isNotNull();
            assertThat(attempts.get()).isEqualTo(3);
            service.decide(pending.id(), ALICE, true, "");
            assertThat(pending.decision().toCompletableFuture().get(5, TimeUnit.SECONDS).approved()).isTrue();
        }
    }

    @Test
    void anUnreachableWebhookDoesNotDelayDecisions() throws Exception {
        receiver.stop(0);
        try (ApprovalService service = service(url())) {
            PendingApproval pending = service.submit(request());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (service.find(pending.id()).isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            long started = System.nanoTime();
            service.decide(pending.id(), ALICE, true, "");
            assertThat(pending.decision().toCompletableFuture().get(5, TimeUnit.SECONDS).approved()).isTrue();
            assertThat(System.nanoTime() - started).isLessThan(TimeUnit.SECONDS.toNanos(1));
        }
    }

    @Test
    void durationsReadAsThePolicyFileWritesThem() {
        assertThat(WebhookMessages.format(Duration.ofMinutes(10))).isEqualTo("10m");
        assertThat(WebhookMessages.format(Duration.ofHours(2))).isEqualTo("2h");
        assertThat(WebhookMessages.format(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(WebhookMessages.format(Duration.ofMillis(200))).isEqualTo("200ms");
    }

    @Test
    void slackControlCharactersAreEscaped() {
        assertThat(WebhookMessages.escape("a < b && c > <@U123>")).isEqualTo("a &lt; b &amp;&amp; c &gt; &lt;@U123&gt;");
    }
}
