package io.tracegate.proxy.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracegate.policy.audit.AuditEvent;
import io.tracegate.policy.config.AdminConfig;
import io.tracegate.proxy.audit.AuditLog;
import io.tracegate.proxy.metrics.GatewayMetrics;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AdminServerTest {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final GatewayMetrics metrics = new GatewayMetrics();
    private final FakeAuditLog auditLog = new FakeAuditLog();
    private ServerSocket upstream;
    private AdminServer server;

    @BeforeEach
    void start() throws Exception {
        upstream = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        server = AdminServer.start(new AdminConfig("127.0.0.1", 0), metrics,
                ReadinessCheck.tcpReachable("upstream", "127.0.0.1", upstream.getLocalPort(), Duration.ofSeconds(1)),
                ReadinessCheck.auditWritable(auditLog));
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
        upstream.close();
    }

    @Test
    void healthzSaysOkWhileTheProcessRuns() throws Exception {
        HttpResponse<String> response = get("/healthz");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("ok\n");
        assertThat(response.headers().firstValue("content-type")).hasValue(AdminResponse.TEXT);
    }

    @Test
    void readyzIsReadyOnlyWhileUpstreamIsReachableAndAuditWritable() throws Exception {
        assertThat(get("/readyz").statusCode()).isEqualTo(200);

        auditLog.problem = "the file audit sink cannot store events: No space left on device";
        HttpResponse<String> auditDown = get("/readyz");
        assertThat(auditDown.statusCode()).isEqualTo(503);
        assertThat(auditDown.body()).isEqualTo(
                "not ready:\naudit: the file audit sink cannot store events: No space left on device\n");

        int port = upstream.getLocalPort();
        upstream.close();
        HttpResponse<String> bothDown = get("/readyz");
        assertThat(bothDown.statusCode()).isEqualTo(503);
        assertThat(bothDown.body()).contains("upstream: 127.0.0.1:" + port + " is not reachable", "audit: ");

        auditLog.problem = null;
        upstream = new ServerSocket(port, 50, java.net.InetAddress.getLoopbackAddress());
        assertThat(get("/readyz").statusCode()).isEqualTo(200);
    }

    @Test
    void metricsServesThePrometheusTextFormat() throws Exception {
        metrics.statement("allow", "default", 1_000_000);

        HttpResponse<String> response = get("/metrics");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).get().asString().startsWith("text/plain; version=0.0.4");
        assertThat(response.body()).contains("# TYPE tracegate_statements_total counter")
                .contains("tracegate_statements_total{decision=\"allow\",rule=\"default\"} 1.0");
    }

    @Test
    void featuresAddRoutesWithPathParametersWhileTheServerRuns() throws Exception {
        server.routes()
                .get("/api/approvals", request -> AdminResponse.json(200, "[]"))
                .post("/api/approvals/{id}/approve", request -> AdminResponse.json(200,
                        "{\"id\":\"" + request.pathParam("id").orElseThrow() + "\",\"by\":\""
                                + request.bearerToken().orElse("-") + "\",\"note\":\"" + request.bodyText()
                                + "\",\"q\":\"" + request.queryParam("q").orElse("") + "\"}"))
                .get("/assets/*", request -> AdminResponse.text(200, "asset " + request.pathParam("*").orElseThrow()))
                .get("/api/query", request -> AdminResponse.text(200, request.queryFirstValues().toString()));

        HttpResponse<String> approve = http.send(HttpRequest.newBuilder(uri("/api/approvals/a-42/approve?q=x%20y"))
                .header("Authorization", "Bearer alice-token").POST(HttpRequest.BodyPublishers.ofString("fine"))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(approve.statusCode()).isEqualTo(200);
        assertThat(approve.body()).isEqualTo("{\"id\":\"a-42\",\"by\":\"alice-token\",\"note\":\"fine\",\"q\":\"x y\"}");
        assertThat(get("/api/approvals").body()).isEqualTo("[]");
        assertThat(get("/assets/css/page.css").body()).isEqualTo("asset css/page.css\n");
        assertThat(get("/api/query?a=1&a=2&b=x").body()).isEqualTo("{a=1, b=x}\n");
    }

    @Test
    void unknownPathsAre404AndWrongMethods405WithAllow() throws Exception {
        server.routes().post("/api/things", request -> AdminResponse.text(201, "made"));

        assertThat(get("/nope").statusCode()).isEqualTo(404);
        HttpResponse<String> wrong = get("/api/things");
        assertThat(wrong.statusCode()).isEqualTo(405);
        assertThat(wrong.headers().firstValue("allow")).hasValue("POST");
        HttpResponse<String> head = http.send(HttpRequest.newBuilder(uri("/healthz"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
    }

    @Test
    void aFeatureThatRoutesByItselfIsTheFallbackAndAnyMethodRoutesTakeEveryMethod() throws Exception {
        server.routes()
                .add(AdminRoutes.ANY_METHOD, "/api/echo", request -> AdminResponse.text(200, request.method()))
                .fallback(request -> request.path().equals("/")
                        ? AdminResponse.html(200, "<h1>reviewer page</h1>")
                        : AdminResponse.text(404, "not mine: " + request.path()));

        assertThat(get("/").body()).isEqualTo("<h1>reviewer page</h1>");
        assertThat(get("/elsewhere").statusCode()).isEqualTo(404);
        assertThat(get("/elsewhere").body()).isEqualTo("not mine: /elsewhere\n");
        assertThat(get("/healthz").body()).isEqualTo("ok\n");
        HttpResponse<String> delete = http.send(HttpRequest.newBuilder(uri("/api/echo")).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(delete.body()).isEqualTo("DELETE\n");
        assertThatThrownBy(() -> server.routes().fallback(request -> null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aFailingHandlerIsA500ThatDoesNotRepeatTheException() throws Exception {
        server.routes().get("/boom", request -> {
            throw new IllegalStateException("secret detail 4111111111111111");
        });

        HttpResponse<String> response = get("/boom");

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).doesNotContain("secret").contains("internal error");
        assertThat(get("/healthz").statusCode()).isEqualTo(200);
    }

    @Test
    void aRouteCannotBeRegisteredTwiceAndPatternsAreChecked() {
        assertThatThrownBy(() -> server.routes().get("/healthz", request -> AdminResponse.text(200, "mine")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already registered");
        assertThatThrownBy(() -> server.routes().get("api", request -> null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> server.routes().get("/a/*/b", request -> null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> server.routes().get("/a/{x", request -> null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    private static final class FakeAuditLog implements AuditLog {
        volatile String problem;

        @Override
        public void append(AuditEvent event) {
        }

        @Override
        public boolean writable() {
            return problem == null;
        }

        @Override
        public Optional<String> problem() {
            return Optional.ofNullable(problem);
        }

        @Override
        public void close() {
        }
    }
}
