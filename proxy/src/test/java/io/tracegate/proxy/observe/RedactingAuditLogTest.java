package io.tracegate.proxy.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tracegate.policy.ColumnKind;
import io.tracegate.policy.MaskStrategy;
import io.tracegate.policy.StatementKind;
import io.tracegate.policy.audit.AuditEvent;
import io.tracegate.policy.audit.AuditRedactor;
import io.tracegate.policy.detect.DetectorSet;
import io.tracegate.policy.engine.StatementSummary;
import io.tracegate.policy.mask.Masker;
import io.tracegate.policy.mask.ValueMasker;
import io.tracegate.policy.sql.ProtectedTables;
import io.tracegate.proxy.audit.AuditLog;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RedactingAuditLogTest {

    static final AuditRedactor REDACTOR = new AuditRedactor(
            ProtectedTables.of(Map.of("public.agent_traces", Map.of("reasoning", ColumnKind.TEXT))),
            new ValueMasker(DetectorSet.all(), new Masker(MaskStrategy.REDACT, Map.of("email", MaskStrategy.HASH),
                    "unit-key".getBytes(StandardCharsets.UTF_8))));

    private final Recorded next = new Recorded();
    private final CountDownLatch release = new CountDownLatch(1);
    private final List<String> threads = Collections.synchronizedList(new ArrayList<>());
    private RedactingAuditLog log;

    @AfterEach
    void close() {
        release.countDown();
        if (log != null) {
            log.close();
        }
    }

    private RedactingAuditLog start(UnaryOperator<AuditEvent> redactor) {
        log = new RedactingAuditLog(next, REDACTOR::concerns, (event, engineMasked) -> {
            threads.add(Thread.currentThread().getName());
            return redactor.apply(event);
        }).start();
        return log;
    }

    private UnaryOperator<AuditEvent> afterRelease(UnaryOperator<AuditEvent> redactor) {
        return event -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return redactor.apply(event);
        };
    }

    static AuditEvent statement(String table, String text) {
        return AuditEvent.builder(AuditEvent.STATEMENT).sessionId("s-1")
                .statement(new StatementSummary(StatementKind.SELECT, Set.of(table), text, Map.of())).build();
    }

    private static AuditEvent onTraces(String text) {
        return statement("public.agent_traces", text);
    }

    private List<AuditEvent> awaitHandedOn(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (next.events.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
        assertThat(next.events).hasSize(count);
        return List.copyOf(next.events);
    }

    @Test
    void eventsOnOtherTablesGoStraightOnWhileNothingWaits() {
        start(REDACTOR::redact);
        AuditEvent other = statement("public.pgbench_accounts", "SELECT 'jane@example.com'");
        AuditEvent open = AuditEvent.builder(AuditEvent.CONNECTION_OPEN).sessionId("s-1").build();

        log.append(other);
        log.append(open);

        assertThat(next.events).containsExactly(other, open);
        assertThat(next.events.get(0)).isSameAs(other);
        assertThat(threads).isEmpty();
    }

    @Test
    void statementsOnProtectedTablesAreMaskedOnTheStagesThread() throws Exception {
        start(REDACTOR::redact);

        log.append(onTraces("SELECT * FROM agent_traces WHERE reasoning LIKE '%jane@example.com%'"));

        AuditEvent handedOn = awaitHandedOn(1).get(0);
        assertThat(handedOn.statementText()).matches("SELECT \\* FROM agent_traces WHERE reasoning LIKE"
                + " '%<EMAIL:[0-9a-f]{8}>%'");
        assertThat(threads).containsExactly("tracegate-audit-redact");
    }

    @Test
    void eventsBehindOneBeingMaskedWaitTheirTurn() throws Exception {
        start(afterRelease(REDACTOR::redact));
        AuditEvent other = statement("public.other", "SELECT 2");
        AuditEvent close = AuditEvent.builder(AuditEvent.CONNECTION_CLOSE).sessionId("s-1").build();

        log.append(onTraces("DELETE FROM agent_traces WHERE reasoning = 'ssn 123-45-6789'"));
        log.append(other);
        log.append(close);
        Thread.sleep(50);
        assertThat(next.events).isEmpty();
        assertThat(log.waiting()).isEqualTo(3);
        release.countDown();

        List<AuditEvent> events = awaitHandedOn(3);
        assertThat(events.get(0).statementText()).isEqualTo("DELETE FROM agent_traces WHERE reasoning = 'ssn <US_SSN>'");
        assertThat(events.subList(1, 3)).containsExactly(other, close);
        assertThat(log.waiting()).isZero();
    }

    @Test
    void aRedactorThatFailsWithholdsTheStatementRatherThanLoseTheEventOrWriteItRaw() throws Exception {
        start(event -> {
            throw new IllegalStateException("detector bug");
        });

        log.append(onTraces("SELECT * FROM agent_traces WHERE reasoning = 'card 4111 1111 1111 1111'")
                .toBuilder().parameters(List.of("4111111111111111")).build());
        log.append(onTraces("SELECT 1 FROM agent_traces"));

        List<AuditEvent> events = awaitHandedOn(2);
        assertThat(events).extracting(AuditEvent::statementText)
                .containsOnly("<statement withheld: it could not be masked>");
        assertThat(events.get(0).parameters()).isEmpty();
        assertThat(events.get(0).tables()).containsExactly("public.agent_traces");
    }

    @Test
    void closeHandsOnWhatWaitsInOrderThenClosesTheLogBehind() {
        start(REDACTOR::redact);
        for (int i = 0; i < 200; i++) {
            log.append(i % 2 == 0 ? onTraces("SELECT " + i + ", 'jane@example.com' FROM agent_traces")
                    : statement("public.other", "SELECT " + i));
        }

        log.close();

        assertThat(next.closed).isTrue();
        assertThat(next.events).hasSize(200);
        for (int i = 0; i < 200; i++) {
            assertThat(next.events.get(i).statementText()).startsWith("SELECT " + i + (i % 2 == 0 ? ", '<EMAIL:" : ""));
        }
        log = null;
    }

    @Test
    void afterCloseAnEventIsMaskedOnTheCallersThread() {
        start(REDACTOR::redact);
        log.close();

        log.append(onTraces("SELECT 'jane@example.com' FROM agent_traces"));

        assertThat(next.events).singleElement().satisfies(event ->
                assertThat(event.statementText()).doesNotContain("jane@example.com"));
        log = null;
    }

    @Test
    void sessionsWaitWhileTooManyEventsWaitHere() throws Exception {
        start(afterRelease(REDACTOR::redact));
        assertThat(log.awaitRoom()).isNull();
        for (int i = 0; i < RedactingAuditLog.HIGH_WATER; i++) {
            log.append(onTraces("SELECT " + i + " FROM agent_traces"));
        }

        CompletionStage<Void> room = log.awaitRoom();
        assertThat(room).isNotNull();
        assertThat(room.toCompletableFuture()).isNotDone();
        release.countDown();

        room.toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(log.waiting()).isLessThanOrEqualTo(RedactingAuditLog.LOW_WATER);
    }

    @Test
    void theLogBehindDecidesWritabilityAndItsOwnRoom() {
        start(REDACTOR::redact);
        CompletableFuture<Void> theirs = new CompletableFuture<>();
        next.room = theirs;
        next.problem = "disk full";

        assertThat(log.writable()).isFalse();
        assertThat(log.problem()).contains("disk full");
        assertThat(log.awaitRoom()).isSameAs(theirs);
    }

    @Test
    void aPolicyWithoutProtectedTablesNeedsNoStage() {
        assertThat(RedactingAuditLog.wrap(next, AuditRedactor.NONE, new SimpleMeterRegistry())).isSameAs(next);
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        AuditLog wrapped = RedactingAuditLog.wrap(next, REDACTOR, metrics);
        try {
            assertThat(wrapped).isInstanceOf(RedactingAuditLog.class);
            assertThat(metrics.get("tracegate.audit.redaction.waiting").gauge().value()).isZero();
        } finally {
            wrapped.close();
        }
    }

    /** The log behind the stage: keeps what it is given. */
    private static final class Recorded implements AuditLog {
        final List<AuditEvent> events = Collections.synchronizedList(new ArrayList<>());
        volatile boolean closed;
        volatile String problem;
        volatile CompletionStage<Void> room;

        @Override
        public void append(AuditEvent event) {
            events.add(event);
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
        public CompletionStage<Void> awaitRoom() {
            return room;
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
