package io.tracegate.proxy.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tracegate.proxy.upstream.UpstreamPool;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The gateway's metrics, served in Prometheus text format at {@code /metrics}.
 *
 * <p>Every label is a name (decision, rule, finding type, direction, pool, reason), never a
 * value or SQL text: label values are checked and capped by {@link MetricLabels}, so a
 * caller passing anything else gets {@code other}. Methods called per statement or per read
 * look their meters up in small caches, not in the registry.
 */
public final class GatewayMetrics {

    public static final String CLIENT_TO_UPSTREAM = "client_to_upstream";
    public static final String UPSTREAM_TO_CLIENT = "upstream_to_client";

    private final PrometheusMeterRegistry registry;

    private final AtomicInteger openConnections = new AtomicInteger();
    private final Counter connections;
    private final Counter clientToUpstream;
    private final Counter upstreamToClient;

    private final MetricLabels decisions = new MetricLabels(MetricLabels.NAME, 16);
    private final MetricLabels rules = new MetricLabels(MetricLabels.NAME, 256);
    private final MetricLabels findingTypes = new MetricLabels(MetricLabels.NAME, 128);
    private final MetricLabels reasons = new MetricLabels(MetricLabels.NAME, 32);
    private final MetricLabels outcomes = new MetricLabels(MetricLabels.NAME, 16);
    private final MetricLabels pools = new MetricLabels(MetricLabels.POOL, 64);

    private final ConcurrentMap<String, Counter> statementCounters = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Timer> statementTimers = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> findingCounters = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> authFailures = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Timer> approvalTimers = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Timer> acquireTimers = new ConcurrentHashMap<>();

    public GatewayMetrics() {
        this(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    }

    public GatewayMetrics(PrometheusMeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("tracegate.client.connections.open", openConnections, AtomicInteger::get)
                .description("Client connections open now").register(registry);
        connections = Counter.builder("tracegate.client.connections")
                .description("Client connections accepted").register(registry);
        clientToUpstream = bytes(CLIENT_TO_UPSTREAM);
        upstreamToClient = bytes(UPSTREAM_TO_CLIENT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
    }

    private Counter bytes(String direction) {
        return Counter.builder("tracegate.relay").baseUnit("bytes").tag("direction", direction)
                .description("Bytes relayed between clients and the database").register(registry);
    }

    /** The registry, for components that register their own meters (the audit log does). */
    public MeterRegistry registry() {
        return registry;
    }

    public void connectionOpened() {
        openConnections.incrementAndGet();
        connections.increment();
    }

    public void connectionClosed() {
        openConnections.decrementAndGet();
    }

    /** A refused login; {@code reason} is a short code such as {@code invalid_password} or {@code unknown_user}. */
    public void authFailure(String reason) {
        authFailures.computeIfAbsent(reasons.of(reason), label -> Counter.builder("tracegate.client.auth.failures")
                .tag("reason", label).description("Refused client logins by reason").register(registry)).increment();
    }

    /**
     * One statement through the gateway: counted by decision and rule, its latency (receipt
     * to CommandComplete or error) in a histogram by decision.
     */
    public void statement(String decision, String rule, long nanos) {
        String decisionLabel = decisions.of(decision);
        String ruleLabel = rules.of(rule);
        statementCounters.computeIfAbsent(decisionLabel + '\u0000' + ruleLabel,
                key -> Counter.builder("tracegate.statements").tag("decision", decisionLabel).tag("rule", ruleLabel)
                        .description("Statements by policy decision and rule").register(registry)).increment();
        statementTimers.computeIfAbsent(decisionLabel, label -> Timer.builder("tracegate.statement.duration")
                .tag("decision", label).description("Statement latency through the gateway")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1).dividedBy(10))
                .maximumExpectedValue(Duration.ofMinutes(1)).register(registry))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    /** Detector findings by type (counts only). */
    public void findings(Map<String, Integer> countsByType) {
        for (Map.Entry<String, Integer> finding : countsByType.entrySet()) {
            findingCounters.computeIfAbsent(findingTypes.of(finding.getKey()), label -> Counter.builder("tracegate.findings")
                    .tag("type", label).description("Sensitive values found, by detector type").register(registry))
                    .increment(finding.getValue());
        }
    }

    /** {@code direction} is {@link #CLIENT_TO_UPSTREAM} or {@link #UPSTREAM_TO_CLIENT}. */
    public void bytesRelayed(String direction, long bytes) {
        if (UPSTREAM_TO_CLIENT.equals(direction)) {
            upstreamToClient.increment(bytes);
        } else if (CLIENT_TO_UPSTREAM.equals(direction)) {
            clientToUpstream.increment(bytes);
        } else {
            throw new IllegalArgumentException("unknown relay direction: " + direction);
        }
    }

    /** The held-approvals gauge, read from {@code pending} at each scrape. */
    public void approvalsPending(Supplier<? extends Number> pending) {
        Gauge.builder("tracegate.approvals.pending", pending, supplier -> supplier.get().doubleValue())
                .description("Transactions held for a reviewer now").strongReference(true).register(registry);
    }

    /** A held transaction was decided ({@code approved}, {@code rejected}, {@code timeout}...) after {@code latency}. */
    public void approvalDecided(String outcome, Duration latency) {
        approvalTimers.computeIfAbsent(outcomes.of(outcome), label -> Timer.builder("tracegate.approval.decision")
                .tag("outcome", label).description("Time from hold to decision, by outcome")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofSeconds(1))
                .maximumExpectedValue(Duration.ofHours(24)).register(registry)).record(latency);
    }

    /** Gauges of an upstream pool's connections (open, leased as active, idle) and waiting clients, read at each scrape. */
    public void registerPool(String name, Supplier<UpstreamPool.PoolStats> stats) {
        String pool = pools.of(name);
        poolGauge(pool, "open", stats, s -> s.open());
        poolGauge(pool, "active", stats, s -> s.leased());
        poolGauge(pool, "idle", stats, s -> s.idle());
        Gauge.builder("tracegate.upstream.pool.pending", stats, s -> s.get().waiting()).tag("pool", pool)
                .description("Clients waiting for an upstream connection").strongReference(true).register(registry);
    }

    private void poolGauge(String pool, String state, Supplier<UpstreamPool.PoolStats> stats,
            ToDoubleFunction<UpstreamPool.PoolStats> value) {
        Gauge.builder("tracegate.upstream.pool.connections", stats, s -> value.applyAsDouble(s.get()))
                .tag("pool", pool).tag("state", state).description("Upstream connections by state")
                .strongReference(true).register(registry);
    }

    /** How long a client waited for an upstream connection from {@code pool}. */
    public void poolAcquired(String pool, long nanos) {
        acquireTimers.computeIfAbsent(pools.of(pool), label -> Timer.builder("tracegate.upstream.pool.acquire")
                .tag("pool", label).description("Time to lease an upstream connection")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1).dividedBy(10))
                .maximumExpectedValue(Duration.ofMinutes(1)).register(registry)).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** Everything, in the Prometheus text exposition format. */
    public String scrape() {
        return registry.scrape();
    }
}
