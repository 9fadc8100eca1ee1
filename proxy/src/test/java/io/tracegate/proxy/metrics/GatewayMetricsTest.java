package io.tracegate.proxy.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracegate.proxy.upstream.UpstreamPool;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class GatewayMetricsTest {

    private final GatewayMetrics metrics = new GatewayMetrics();

    @Test
    void scrapeShowsEveryGatewayMetricInPrometheusFormat() {
        metrics.connectionOpened();
        metrics.connectionOpened();
        metrics.connectionClosed();
        metrics.authFailure("invalid_password");
        metrics.statement("mask", "agents-write-traces", 2_000_000);
        metrics.statement("block", "no-ddl-or-server-access", 300_000);
        metrics.findings(Map.of("email", 2, "credit_card", 1));
        metrics.bytesRelayed(GatewayMetrics.CLIENT_TO_UPSTREAM, 100);
        metrics.bytesRelayed(GatewayMetrics.UPSTREAM_TO_CLIENT, 2_500);
        AtomicInteger pending = new AtomicInteger(3);
        metrics.approvalsPending(pending::get);
        metrics.approvalDecided("approved", Duration.ofSeconds(42));
        metrics.registerPool("gateway@127.0.0.1:5432/traces", () -> new UpstreamPool.PoolStats(5, 3, 2, 1));
        metrics.poolAcquired("gateway@127.0.0.1:5432/traces", 50_000);

        String scrape = metrics.scrape();

        assertThat(scrape)
                .contains("tracegate_client_connections_open 1.0")
                .contains("tracegate_client_connections_total 2.0")
                .contains("tracegate_client_auth_failures_total{reason=\"invalid_password\"} 1.0")
                .contains("tracegate_statements_total{decision=\"mask\",rule=\"agents-write-traces\"} 1.0")
                .contains("tracegate_statements_total{decision=\"block\",rule=\"no-ddl-or-server-access\"} 1.0")
                .contains("tracegate_statement_duration_seconds_bucket{decision=\"mask\",le=")
                .contains("tracegate_statement_duration_seconds_count{decision=\"mask\"} 1")
                .contains("tracegate_findings_total{type=\"email\"} 2.0")
                .contains("tracegate_findings_total{type=\"credit_card\"} 1.0")
                .contains("tracegate_relay_bytes_total{direction=\"client_to_upstream\"} 100.0")
                .contains("tracegate_relay_bytes_total{direction=\"upstream_to_client\"} 2500.0")
                .contains("tracegate_approvals_pending 3.0")
                .contains("tracegate_approval_decision_seconds_count{outcome=\"approved\"} 1")
                .contains("tracegate_upstream_pool_connections{pool=\"gateway@127.0.0.1:5432/traces\",state=\"active\"} 3.0")
                .contains("tracegate_upstream_pool_connections{pool=\"gateway@127.0.0.1:5432/traces\",state=\"idle\"} 2.0")
                .contains("tracegate_upstream_pool_pending{pool=\"gateway@127.0.0.1:5432/traces\"} 1.0")
                .contains("tracegate_upstream_pool_acquire_seconds_count{pool=\"gateway@127.0.0.1:5432/traces\"} 1")
                .contains("jvm_memory_used_bytes");
        pending.set(0);
        assertThat(metrics.scrape()).contains("tracegate_approvals_pending 0.0");
    }

    @Test
    void labelsNeverCarryValuesOrSqlText() {
        String secret = "4111 1111 1111 1111";
        metrics.statement("allow", "SELECT * FROM t WHERE card = '" + secret + "'", 1_000);
        metrics.authFailure("password authentication failed for user \"" + secret + "\"");
        metrics.findings(Map.of("alice@example.com", 1));
        metrics.approvalDecided("rejected: " + secret, Duration.ofSeconds(1));
        metrics.registerPool("pool with spaces " + secret, () -> new UpstreamPool.PoolStats(0, 0, 0, 0));

        String scrape = metrics.scrape();

        assertThat(scrape).doesNotContain(secret).doesNotContain("SELECT").doesNotContain("alice@example.com")
                .contains("tracegate_statements_total{decision=\"allow\",rule=\"other\"} 1.0")
                .contains("tracegate_client_auth_failures_total{reason=\"other\"} 1.0")
                .contains("tracegate_findings_total{type=\"other\"} 1.0")
                .contains("outcome=\"other\"")
                .contains("pool=\"other\"");
        for (String value : labelValues(scrape)) {
            assertThat(value).matches("[A-Za-z0-9_.:@/+\\[\\]-]*|\\+Inf");
        }
    }

    @Test
    void aLabelTakesOnlySoManyDistinctValues() {
        IntStream.range(0, 300).forEach(i -> metrics.statement("allow", "rule-" + i, 1_000));

        String scrape = metrics.scrape();

        assertThat(scrape).contains("rule=\"rule-255\"").doesNotContain("rule=\"rule-256\"")
                .contains("tracegate_statements_total{decision=\"allow\",rule=\"other\"} 44.0");
    }

    @Test
    void relayDirectionsAreFixed() {
        assertThatThrownBy(() -> metrics.bytesRelayed("sideways", 1)).isInstanceOf(IllegalArgumentException.class);
    }

    private static List<String> labelValues(String scrape) {
        Matcher matcher = Pattern.compile("=\"([^\"]*)\"").matcher(scrape);
        List<String> values = new java.util.ArrayList<>();
        for (String line : scrape.split("\n")) {
            if (!line.startsWith("tracegate_")) {
                continue; // comments, and JVM meters whose labels name memory pools
            }
            matcher.reset(line);
            while (matcher.find()) {
                values.add(matcher.group(1));
            }
        }
        return values;
    }
}
