package io.tracegate.proxy.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tracegate.policy.audit.AuditEvent;
import io.tracegate.policy.config.AuditFailureMode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AsyncAuditLogTest {

    private final MeterRegistry metrics = new SimpleMeterRegistry();
    private final FakeSink sink = new FakeSink();
    private AsyncAuditLog auditLog;

    @AfterEach
    void close() {
        sink.gate.countDown();
        sink.failing = false;
        if (auditLog != null) {
            auditLog.close();
        }
    }

    @Test
    void eventsAreWrittenInTheOrderAppended() {
        auditLog = AsyncAuditLog.start(sink, AuditFailureMode.BLOCK, metrics, 1000);
        List<AuditEvent> events = IntStream.rangeClosed(1, 300).mapToObj(TestEvents::statement).toList();
        events.forEach(auditLog::append);

        await(() -> sink.written().size() == 300);
        assertThat(sink.written()).containsExactlyElementsOf(events);
        assertThat(auditLog.writable()).isTrue();
        assertThat(auditLog.problem()).isEmpty();
        assertThat(metrics.get("tracegate.audit.events.written").tag("sink", "fake").counter().count()).isEqualTo(300);
    }

    @Test
    void whileTheSinkFailsTheLogIsNotWritableAndEventsWaitInOrder() {
        auditLog = AsyncAuditLog.start(sink, AuditFailureMode.BLOCK, metrics, 1000);
        sink.failing = true;
        auditLog.append(TestEvents.statement(1));
        await(() -> !auditLog.writable());
        assertThat(auditLog.problem()).get().asString().contains("the fake audit sink cannot store events: disk on fire");
        auditLog.append(TestEvents.statement(2));
        auditLog.append(TestEvents.statement(3));

        sink.failing = false;
        await(() -> sink.written().size() == 3);
        await(auditLog::writable);
        // on_failure: block refused statements meanwhile and lost nothing: no gap to record.
        assertThat(sink.written()).extracting(AuditEvent::eventType).containsOnly(AuditEvent.STATEMENT);
        assertThat(sink.written()).containsExactly(TestEvents.statement(1), TestEvents.statement(2),
                TestEvents.statement(3));
        assertThat(metrics.get("tracegate.audit.write.failures").counter().count()).isPositive();
    }

    @Test
    void anErrorFromTheSinkIsAFailureToRetryNotTheEndOfTheWriter() {
        auditLog = AsyncAuditLog.start(sink, AuditFailureMode.BLOCK, metrics, 1000);
        sink.error = new AssertionError("pgStatement.getConnection().getAutoCommit() should not throw");
        auditLog.append(TestEvents.statement(1));
        await(() -> !auditLog.writable());
        assertThat(auditLog.problem()).get().asString().contains("should not throw");

        sink.error = null;
        auditLog.append(TestEvents.statement(2));
        await(() -> sink.written().size() == 2);
        await(auditLog::writable);
        assertThat(sink.written()).containsExactly(TestEvents.statement(1), TestEvents.statement(2));
    }

    @Test
    void withOnFailureAllowTheOutageIsRecordedAsAGapBeforeTheQueuedEvents() {
        auditLog = AsyncAuditLog.start(sink, AuditFailureMode.ALLOW, metrics, 1000);
        sink.failing = true;
        auditLog.append(TestEvents.statement(1));
        await(() -> !auditLog.writable());
        auditLog.append(TestEvents.statement(2));
        sink.failing = false;

        await(() -> sink.written().size() == 3);
        AuditEvent gap = sink.written().get(0);
        assertThat(gap.eventType()).isEqualTo(AuditEvent.AUDIT_GAP);
        assertThat(gap.reason()).contains("could not store events from", "disk on fire",
                "statements were allowed meanwhile").doesNotContain("lost");
        assertThat(sink.written().subList(1, 3)).containsExactly(TestEvents.statement(1), TestEvents.statement(2));
    }

    @Test
    void aFullQueueMakesTheLogUnwritableAndItsLossesAreCountedAndRecorded() throws Exception {
        auditLog = AsyncAuditLog.start(sink, AuditFailureMode.BLOCK, metrics, 4);
        sink.gate = new CountDownLatch(1);
        auditLog.append(TestEvents.statement(1));
        assertThat(sink.entered.await(5, TimeUnit.SECONDS)).isTrue(); // the writer holds event 1
        for (int n = 2; n <= 8; n++) {
            auditLog.append(TestEvents.statement(n)); // 2..5 queue, 6..8 find it full
        }
        assertThat(auditLog.writable()).isFalse();
        assertThat(auditLog.problem()).get().asString().contains("audit queue is full (4 events waiting)");
        assertThat(metrics.get("tracegate.audit.events.dropped").counter().count()).isEqualTo(3);
        assertThat(metrics.get("tracegate.audit.queue.depth").gauge().value()).isEqualTo(4);

        sink.gate.countDown();
        await(() -> sink.written().size() == 6);
        assertThat(sink.written().get(0)).isEqualTo(TestEvents.statement(1));
        assertThat(sink.written().get(1).eventType()).isEqualTo(AuditEvent.AUDIT_GAP);
        assertThat(sink.written().get(1).reason()).isEqualTo("3 event(s) were lost because the audit queue was full");
        assertThat(sink.written().subList(2, 6)).extracting(AuditEvent::time)
                .containsExactly(TestEvents.statement(2).time(), TestEvents.statement(3).time(),
                        TestEvents.statement(4).time(), TestEvents.statement(5).time());
        await(auditLog::writable);
    }

    @Test
    void repairsTheSinkMadeWhenOpeningAreRecordedAsGaps() {
        sink.openNotes.add("discarded an incomplete last line");
        auditLog = AsyncAuditLog.start(sink, AuditFailureMode.BLOCK, metrics, 10);
        auditLog.append(TestEvents.statement(1));

        await(() -> sink.written().size() == 2);
        assertThat(sink.written().get(0).eventType()).isEqualTo(AuditEvent.AUDIT_GAP);
        assertThat(sink.written().get(0).reason()).isEqualTo("discarded an incomplete last line");
    }

    @Test
    void aSinkThatIsDownAtStartMakesTheLogUnwritableFromTheStart() {
        sink.failing = true;
        auditLog = AsyncAuditLog.start(sink, AuditFailureMode.BLOCK, metrics, 10);

        assertThat(auditLog.writable()).isFalse();
        sink.failing = false;
        await(auditLog::writable);
    }

    @Test
    void closeWritesWhatIsQueuedAndLaterAppendsAreCountedAsDropped() {
        auditLog = AsyncAuditLog.start(sink, AuditFailureMode.BLOCK, metrics, 1000);
        IntStream.rangeClosed(1, 50).mapToObj(TestEvents::statement).forEach(auditLog::append);

        auditLog.close();

        assertThat(sink.written()).hasSize(50);
        assertThat(sink.closed).isTrue();
        assertThat(auditLog.writable()).isFalse();
        auditLog.append(TestEvents.statement(51));
        assertThat(metrics.get("tracegate.audit.events.dropped").counter().count()).isEqualTo(1);
    }

    @Test
    void batchesAreSyncedAtMostOncePerIntervalAndAtClose() {
        auditLog = AsyncAuditLog.start(sink, AuditFailureMode.BLOCK, metrics, 1000, Duration.ofHours(1));
        for (int n = 1; n <= 5; n++) {
            auditLog.append(TestEvents.statement(n));
            int expected = n;
            await(() -> sink.written().size() == expected);
        }
        assertThat(sink.writes.get()).as("one write per batch").isGreaterThanOrEqualTo(2);
        assertThat(sink.syncs.get()).as("no sync before the interval has passed").isZero();

        auditLog.close();
        assertThat(sink.syncs.get()).as("closing syncs what was written").isEqualTo(1);
    }

    @Test
    void withAZeroIntervalEveryBatchIsSynced() {
        auditLog = AsyncAuditLog.start(sink, AuditFailureMode.BLOCK, metrics, 1000, Duration.ZERO);
        for (int n = 1; n <= 3; n++) {
            auditLog.append(TestEvents.statement(n));
            int expected = n;
            await(() -> sink.written().size() == expected && sink.syncs.get() == sink.writes.get());
        }
        assertThat(sink.syncs.get()).isEqualTo(sink.writes.get()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void underLoadTheWriterGathersBatchesInsteadOfWritingEachEvent() throws Exception {
        auditLog = AsyncAuditLog.start(sink, AuditFailureMode.BLOCK, metrics, 100_000, Duration.ofSeconds(1));
        long until = System.nanoTime() + Duration.ofMillis(300).toNanos();
        int appended = 0;
        while (System.nanoTime() < until) {
            auditLog.append(TestEvents.statement(++appended));
            if (appended % 20 == 0) {
                Thread.sleep(1); // about 20 events a millisecond, a busy gateway's pace
            }
        }
        int total = appended;
        await(() -> sink.written().size() == total);
        // The writer lingers ~10 ms after each partial batch: 300 ms of traffic makes a few dozen
        // batches at most, where writing whenever something is queued made one per event or two.
        assertThat(sink.writes.get()).isLessThan(total / 10);
    }

    static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** A sink that stores in memory and can be made to fail or to hold a write. */
    static final class FakeSink implements AuditSink {
        final List<AuditEvent> written = Collections.synchronizedList(new ArrayList<>());
        final List<String> openNotes = new ArrayList<>();
        final CountDownLatch entered = new CountDownLatch(1);
        volatile CountDownLatch gate = new CountDownLatch(0);
        volatile boolean failing;
        /** Thrown by write while set, as a driver's assertion would be. */
        volatile Error error;
        volatile boolean closed;
        final AtomicInteger writes = new AtomicInteger();
        final AtomicInteger syncs = new AtomicInteger();

        @Override
        public String kind() {
            return "fake";
        }

        @Override
        public List<String> open() throws IOException {
            if (failing) {
                throw new IOException("disk on fire");
            }
            List<String> notes = List.copyOf(openNotes);
            openNotes.clear();
            return notes;
        }

        @Override
        public void write(List<AuditEvent> batch) throws Exception {
            entered.countDown();
            gate.await();
            if (failing) {
                throw new IOException("disk on fire");
            }
            Error thrown = error;
            if (thrown != null) {
                throw thrown;
            }
            written.addAll(batch);
            writes.incrementAndGet();
        }

        @Override
        public void sync() {
            syncs.incrementAndGet();
        }

        List<AuditEvent> written() {
            synchronized (written) {
                return List.copyOf(written);
            }
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
