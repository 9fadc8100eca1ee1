package io.tracegate.it.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracegate.it.support.GatewayFixture;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code /metrics}, {@code /healthz} and {@code /readyz} of a real gateway after known traffic:
 * each series the issue names is there with the count the traffic implies, and no label carries
 * anything but a name. (The 503 of {@code /readyz} with the audit sink down is in
 * {@link AuditOutageTest}.)
 */
class MetricsEndpointTest {

    private static final Pattern SAMPLE = Pattern.compile("^(tracegate_[a-z_]+)(\\{[^}]*\\})? (\\S+)$", Pattern.MULTILINE);
    private static final Pattern LABEL = Pattern.compile("([a-z_]+)=\"([^\"]*)\"");

    private static GatewayFixture gateway;
    private static AdminHttp admin;
    private static String scrape;

    @BeforeAll
    static void sendKnownTraffic() throws Exception {
        gateway = GatewayFixture.start();
        admin = new AdminHttp(gateway.server().adminPort());
        try (Connection agent = Agents.jdbc(gateway, "observe-metrics");
                Statement statement = agent.createStatement()) {
            statement.execute("SELECT 1");
            statement.execute("SELECT 2");
            statement.executeUpdate("INSERT INTO agent_traces (agent, reasoning) VALUES ('observe-metrics',"
                    + " 'card 4111111111111111, mail ops@example.com, also 5555555555554444')");
            assertThatThrownBy(() -> statement.execute("DROP TABLE agent_traces")).isInstanceOf(SQLException.class);

            try (Connection held = Agents.jdbc(gateway, "observe-metrics-held")) {
                CompletableFuture<Integer> insert = CompletableFuture.supplyAsync(() -> {
                    try (Statement heldStatement = held.createStatement()) {
                        return heldStatement.executeUpdate("INSERT INTO agent_traces (agent, reasoning) VALUES"
                                + " ('observe-metrics-held', 'see https://paste.example.net/observe-metrics-held')");
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                });
                String id = admin.awaitPendingApproval("observe-metrics-held");
                awaitMetrics(metrics -> value(metrics, "tracegate_approvals_pending") == 1.0);
                admin.decide(id, true);
                assertThat(insert.get(30, TimeUnit.SECONDS)).isEqualTo(1);
            }
            Properties wrong = new Properties();
            wrong.setProperty("password", "wrong");
            assertThatThrownBy(() -> Agents.jdbc(gateway, "observe-metrics-bad-login", wrong).close())
                    .isInstanceOf(SQLException.class);
            // The agent's session is still open, the held one's close and its pool release on their way;
            // a refused login is no connection.
            scrape = awaitMetrics(metrics -> value(metrics, "tracegate_client_connections_open") == 1.0
                    && value(metrics, "tracegate_upstream_pool_connections{pool=\"traces\",state=\"active\"}") == 1.0);
        }
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void clientConnectionsAndAuthFailures() {
        assertThat(value(scrape, "tracegate_client_connections_open")).isEqualTo(1.0);
        assertThat(value(scrape, "tracegate_client_connections_total")).isEqualTo(2.0);
        assertThat(value(scrape, "tracegate_client_auth_failures_total{reason=\"invalid_password\"}")).isEqualTo(1.0);
    }

    @Test
    void statementsByDecisionAndRuleWithLatency() {
        assertThat(value(scrape, "tracegate_statements_total{decision=\"allow\",rule=\"default\"}")).isEqualTo(2.0);
        assertThat(value(scrape, "tracegate_statements_total{decision=\"mask\",rule=\"agents-write-traces\"}"))
                .isEqualTo(1.0);
        assertThat(value(scrape, "tracegate_statements_total{decision=\"block\",rule=\"no-ddl-or-server-access\"}"))
                .isEqualTo(1.0);
        assertThat(value(scrape, "tracegate_statements_total{decision=\"approved\",rule=\"possible-exfiltration\"}"))
                .isEqualTo(1.0);
        assertThat(value(scrape, "tracegate_statement_duration_seconds_count{decision=\"allow\"}")).isEqualTo(2.0);
        assertThat(scrape).contains("tracegate_statement_duration_seconds_bucket{decision=\"mask\",le=\"");
    }

    @Test
    void findingsByType() {
        assertThat(value(scrape, "tracegate_findings_total{type=\"credit_card\"}")).isEqualTo(2.0);
        assertThat(value(scrape, "tracegate_findings_total{type=\"email\"}")).isEqualTo(1.0);
        assertThat(value(scrape, "tracegate_findings_total{type=\"url\"}")).isEqualTo(1.0);
    }

    @Test
    void approvalsPendingAndDecisionLatency() {
        assertThat(value(scrape, "tracegate_approvals_pending")).isZero();
        assertThat(value(scrape, "tracegate_approval_decision_seconds_count{outcome=\"approved\"}")).isEqualTo(1.0);
    }

    @Test
    void upstreamPoolGauges() {
        assertThat(value(scrape, "tracegate_upstream_pool_connections{pool=\"traces\",state=\"active\"}")).isEqualTo(1.0);
        assertThat(value(scrape, "tracegate_upstream_pool_connections{pool=\"traces\",state=\"idle\"}")).isNotNegative();
        assertThat(value(scrape, "tracegate_upstream_pool_connections{pool=\"traces\",state=\"open\"}"))
                .isGreaterThanOrEqualTo(1.0);
        assertThat(value(scrape, "tracegate_upstream_pool_pending{pool=\"traces\"}")).isZero();
        assertThat(value(scrape, "tracegate_upstream_pool_acquire_seconds_count{pool=\"traces\"}")).isEqualTo(2.0);
    }

    @Test
    void auditQueueAndWrites() {
        assertThat(value(scrape, "tracegate_audit_queue_depth{sink=\"file\"}")).isNotNegative();
        assertThat(value(scrape, "tracegate_audit_writable{sink=\"file\"}")).isEqualTo(1.0);
        assertThat(value(scrape, "tracegate_audit_write_failures_total{sink=\"file\"}")).isZero();
        assertThat(value(scrape, "tracegate_audit_events_dropped_total{sink=\"file\"}")).isZero();
        assertThat(scrape).contains("tracegate_audit_events_written_total{sink=\"file\"}");
    }

    @Test
    void bytesRelayed() {
        assertThat(value(scrape, "tracegate_relay_bytes_total{direction=\"client_to_upstream\"}")).isPositive();
        assertThat(value(scrape, "tracegate_relay_bytes_total{direction=\"upstream_to_client\"}")).isPositive();
    }

    @Test
    void everyLabelIsANameNeverAValueOrSql() {
        Matcher sample = SAMPLE.matcher(scrape);
        int labels = 0;
        while (sample.find()) {
            if (sample.group(2) == null) {
                continue;
            }
            Matcher label = LABEL.matcher(sample.group(2));
            while (label.find()) {
                labels++;
                assertThat(label.group(2)).as("label %s of %s", label.group(1), sample.group(1))
                        .matches("[A-Za-z0-9_.:+()-]{1,64}");
            }
        }
        assertThat(labels).isGreaterThan(20);
        assertThat(scrape).doesNotContain("4111").doesNotContain("ops@example.com").doesNotContain("INSERT")
                .doesNotContain("SELECT").doesNotContain("paste.example.net");
    }

    @Test
    void healthAndReadiness() throws Exception {
        assertThat(admin.get("/healthz").statusCode()).isEqualTo(200);
        assertThat(admin.get("/readyz").statusCode()).isEqualTo(200);
    }

    /** Scrapes until {@code done} holds (metrics follow events on other threads), then returns that scrape. */
    private static String awaitMetrics(Predicate<String> done) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            String metrics = admin.metrics();
            if (done.test(metrics)) {
                return metrics;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("/metrics never reached the expected state:\n" + metrics);
            }
            Thread.sleep(20);
        }
    }

    private static double value(String metrics, String series) {
        for (String line : metrics.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).trim());
            }
        }
        throw new AssertionError("no series " + series + " in /metrics");
    }
}
