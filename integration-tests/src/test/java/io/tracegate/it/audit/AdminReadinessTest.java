package io.tracegate.it.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracegate.it.support.PostgresFixture;
import io.tracegate.policy.config.AdminConfig;
import io.tracegate.policy.config.AuditConfig;
import io.tracegate.policy.config.AuditFailureMode;
import io.tracegate.policy.config.AuditSinkKind;
import io.tracegate.policy.config.JdbcConfig;
import io.tracegate.proxy.admin.AdminServer;
import io.tracegate.proxy.admin.ReadinessCheck;
import io.tracegate.proxy.audit.AuditLog;
import io.tracegate.proxy.metrics.GatewayMetrics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** /readyz against a real database that goes away and comes back: upstream and audit sink on the same server. */
class AdminReadinessTest {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void readyzFollowsTheUpstreamAndTheAuditSink() throws Exception {
        try (PostgresFixture postgres = PostgresFixture.startPrivate(PostgresFixture.Backend.EMBEDDED)) {
            String url = postgres.createDatabase("audit_control");
            JdbcConfig jdbc = new JdbcConfig(Optional.of(url), Optional.of(postgres.superuser()),
                    Optional.of(postgres.superuserPassword()));
            GatewayMetrics metrics = new GatewayMetrics();
            try (AuditLog auditLog = AuditLog.create(new AuditConfig(AuditSinkKind.POSTGRES, Path.of("unused"), jdbc,
                    AuditFailureMode.BLOCK, 0), metrics.registry());
                    AdminServer admin = AdminServer.start(new AdminConfig("127.0.0.1", 0), metrics,
                            ReadinessCheck.tcpReachable("upstream", postgres.host(), postgres.port(), Duration.ofSeconds(1)),
                            ReadinessCheck.auditWritable(auditLog))) {
                awaitStatus(admin, 200);

                postgres.stopServer();
                HttpResponse<String> down;
                try {
                    down = awaitStatus(admin, 503);
                    awaitBody(admin, "audit: the postgres audit sink cannot store events");
                } finally {
                    postgres.startServer();
                }
                assertThat(down.body()).startsWith("not ready:\n")
                        .contains("upstream: " + postgres.host() + ":" + postgres.port() + " is not reachable");

                awaitStatus(admin, 200);
                assertThat(get(admin, "/metrics").body()).contains("tracegate_audit_writable{sink=\"postgres\"} 1.0")
                        .contains("tracegate_audit_write_failures_total{sink=\"postgres\"}");
            }
        }
    }

    private HttpResponse<String> awaitStatus(AdminServer admin, int status) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            HttpResponse<String> response = get(admin, "/readyz");
            if (response.statusCode() == status) {
                return response;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("/readyz stayed " + response.statusCode() + ": " + response.body());
            }
            Thread.sleep(100);
        }
    }

    private void awaitBody(AdminServer admin, String text) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!get(admin, "/readyz").body().contains(text)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("/readyz never said: " + text);
            }
            Thread.sleep(100);
        }
    }

    private HttpResponse<String> get(AdminServer admin, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
