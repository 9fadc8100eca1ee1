package io.tracegate.proxy.audit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.tracegate.policy.audit.AuditEvent;
import io.tracegate.policy.config.AuditFailureMode;
import io.tracegate.policy.engine.ProtectedParts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link AuditLog} over any {@link AuditSink}: a bounded queue the event loops offer to,
 * and one writer thread that drains it in batches (group commit: one write or one transaction
 * per batch, so a busier gateway writes bigger batches rather than more of them). After a
 * batch smaller than the largest, the writer lingers before the next, so that under load a
 * batch gathers what the sink's {@link AuditSink#linger() linger} (10 ms for a file, 50 for a
 * database) of traffic brings rather than what arrived during the last write;
 * and it asks the sink to {@link AuditSink#sync() sync} at most once per sync interval. Each
 * event is masked ({@link AuditMasking}) by the writer as it leaves the queue, so no event loop
 * waits for that and the chain keeps the order of appends.
 *
 * <p>A batch that fails stays at the head and is retried, with growing pauses, until the sink
 * takes it; nothing behind it overtakes it, so the chain keeps the order of {@link #append}.
 */
final class AsyncAuditLog implements AuditLog {

    private static final Logger log = LoggerFactory.getLogger(AsyncAuditLog.class);

    static final int MAX_BATCH = 1024;
    /**
     * How long the writer sleeps when it finds the queue empty; after a batch that was not full
     * it sleeps the sink's {@link AuditSink#linger()}. It never waits on the queue itself, so an
     * event loop's append never has to wake a parked thread (a futex call per statement); events
     * wait about this long, and batches grow under load (measured: without the pause after a
     * partial batch, 13k statements/s made 1,100 batches/s of ~12 events, each paying its own
     * write and fsync).
     */
    private static final long IDLE_PAUSE_MILLIS = 10;
    private static final Duration FIRST_RETRY = Duration.ofMillis(50);
    private static final Duration MAX_RETRY = Duration.ofSeconds(2);
    /** How often an idle writer checks that its sink is still there. */
    private static final Duration PROBE_INTERVAL = Duration.ofSeconds(2);
    /** How long close() keeps trying to write what is queued before it gives up on it. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);

    private final AuditSink sink;
    private final long lingerMillis;
    private final AuditFailureMode failureMode;
    private final long syncIntervalNanos;
    private final BlockingQueue<Pending> queue;
    private final AuditMasking masking;
    private final Thread writer;

    private volatile boolean closing;
    private volatile boolean closed;
    /** Set while the sink fails; cleared by the first batch it takes again. */
    private volatile String sinkProblem;
    /** Events turned away by a full queue and not yet reported in an audit_gap event. */
    private final AtomicLong unreportedDrops = new AtomicLong();
    /** Above this many queued events sessions wait before new statements; they go on below {@link #lowWater}. */
    private final int highWater;
    private final int lowWater;
    private final AtomicReference<CompletableFuture<Void>> roomWaiters = new AtomicReference<>();

    // Writer-thread state.
    private boolean sinkOpen;
    private Duration retryPause = FIRST_RETRY;
    private long nextCheck = System.nanoTime();
    /** Batches were written and not yet synced; {@link #lastSync} is when the sink last synced. */
    private boolean unsynced;
    private long lastSync = System.nanoTime();
    private Instant outageSince;
    private final List<String> repairNotes = new ArrayList<>();

    private final Counter written;
    private final Counter dropped;
    private final Counter writeFailures;
    private final Timer batchTimer;

    /** An appended event and what the policy engine masked in it already. */
    private record Pending(AuditEvent event, ProtectedParts engineMasked) {
    }

    private AsyncAuditLog(AuditSink sink, AuditFailureMode failureMode, MeterRegistry metrics, int capacity,
            Duration syncInterval, AuditMasking masking) {
        if (capacity < 1) {
            throw new IllegalArgumentException("queue capacity must be positive: " + capacity);
        }
        this.sink = sink;
        this.masking = masking;
        this.lingerMillis = sink.linger().toMillis();
        this.failureMode = failureMode;
        this.syncIntervalNanos = syncInterval.toNanos();
        this.queue = new LinkedBlockingQueue<>(capacity);
        this.highWater = Math.max(1, capacity / 2);
        this.lowWater = capacity / 4;
        String kind = sink.kind();
        Gauge.builder("tracegate.audit.queue.depth", queue, BlockingQueue::size)
                .tag("sink", kind).description("Audit events waiting to be written").register(metrics);
        Gauge.builder("tracegate.audit.writable", this, log -> log.writable() ? 1 : 0)
                .tag("sink", kind).description("1 while audit events can be written, else 0").register(metrics);
        this.written = Counter.builder("tracegate.audit.events.written").tag("sink", kind)
                .description("Audit events stored").register(metrics);
        this.dropped = Counter.builder("tracegate.audit.events.dropped").tag("sink", kind)
                .description("Audit events lost because the queue was full").register(metrics);
        this.writeFailures = Counter.builder("tracegate.audit.write.failures").tag("sink", kind)
                .description("Batches the sink failed to store (each is retried)").register(metrics);
        this.batchTimer = Timer.builder("tracegate.audit.batch.write").tag("sink", kind)
                .description("Time to store one batch of audit events").register(metrics);
        this.writer = new Thread(this::run, "tracegate-audit-" + kind);
        this.writer.setDaemon(true);
    }

    /**
     * Starts the writer after one attempt to open the sink right away, so a sink that is down
     * at start makes the log unwritable from the first statement on rather than after it.
     */
    static AsyncAuditLog start(AuditSink sink, AuditFailureMode failureMode, MeterRegistry metrics, int capacity) {
        return start(sink, failureMode, metrics, capacity, Duration.ZERO);
    }

    /** As {@link #start(AuditSink, AuditFailureMode, MeterRegistry, int)}, syncing at most once per {@code syncInterval}. */
    static AsyncAuditLog start(AuditSink sink, AuditFailureMode failureMode, MeterRegistry metrics, int capacity,
            Duration syncInterval) {
        return start(sink, failureMode, metrics, capacity, syncInterval, AuditMasking.NONE);
    }

    /** As above, the writer masking each event with {@code masking} before it is stored. */
    static AsyncAuditLog start(AuditSink sink, AuditFailureMode failureMode, MeterRegistry metrics, int capacity,
            Duration syncInterval, AuditMasking masking) {
        AsyncAuditLog auditLog = new AsyncAuditLog(sink, failureMode, metrics, capacity, syncInterval, masking);
        auditLog.ensureOpen();
        auditLog.writer.start();
        return auditLog;
    }

    @Override
    public void append(AuditEvent event) {
        append(event, ProtectedParts.UNKNOWN);
    }

    @Override
    public void append(AuditEvent event, ProtectedParts engineMasked) {
        if (closed || !queue.offer(new Pending(event, engineMasked))) {
            dropped.increment();
            if (unreportedDrops.getAndIncrement() == 0) {
                log.warn("audit queue full ({} events): dropping audit events until it drains", queue.size());
            }
        }
    }

    @Override
    public CompletionStage<Void> awaitRoom() {
        if (queue.size() < highWater || closed) {
            return null;
        }
        CompletableFuture<Void> waiters = roomWaiters.get();
        if (waiters == null) {
            CompletableFuture<Void> created = new CompletableFuture<>();
            waiters = roomWaiters.compareAndSet(null, created) ? created : roomWaiters.get();
        }
        return waiters;
    }

    /** Writer thread, after each batch: lets waiting sessions go on once the queue is low again. */
    private void releaseRoomWaiters() {
        if (queue.size() <= lowWater || closing) {
            CompletableFuture<Void> waiters = roomWaiters.getAndSet(null);
            if (waiters != null) {
                waiters.complete(null);
            }
        }
    }

    @Override
    public boolean writable() {
        return !closed && sinkProblem == null && queue.remainingCapacity() > 0;
    }

    @Override
    public Optional<String> problem() {
        if (closed) {
            return Optional.of("the audit log is closed");
        }
        String problem = sinkProblem;
        if (problem != null) {
            return Optional.of("the " + sink.kind() + " audit sink cannot store events: " + problem);
        }
        if (queue.remainingCapacity() == 0) {
            return Optional.of("the audit queue is full (" + queue.size() + " events waiting)");
        }
        return Optional.empty();
    }

    // ---- writer thread ------------------------------------------------------------------------

    private void run() {
        List<Pending> drained = new ArrayList<>(MAX_BATCH);
        List<AuditEvent> batch = new ArrayList<>(MAX_BATCH);
        while (true) {
            try {
                if (batch.isEmpty()) {
                    queue.drainTo(drained, MAX_BATCH);
                    for (Pending pending : drained) {
                        batch.add(masked(pending));
                    }
                    drained.clear();
                    if (batch.isEmpty()) {
                        syncIfDue();
                        if (closing) {
                            break;
                        }
                        idle();
                        Thread.sleep(IDLE_PAUSE_MILLIS);
                        continue;
                    }
                }
                if (writeBatch(batch)) {
                    boolean full = batch.size() >= MAX_BATCH;
                    batch.clear();
                    syncIfDue();
                    releaseRoomWaiters();
                    if (!full && !closing) {
                        Thread.sleep(lingerMillis);
                    }
                } else {
                    Thread.sleep(retryPause.toMillis());
                    retryPause = longer(retryPause);
                }
            } catch (InterruptedException e) {
                break;
            }
        }
        int lost = batch.size() + queue.size();
        if (lost > 0) {
            log.error("audit log closed with {} event(s) that could not be written: {}", lost, sinkProblem);
        }
    }

    /**
     * The event as it may be stored, masked here, on the writer thread, where the event loops do
     * not wait for it and the order of appends is kept. Masking that fails (a detector's bug) must
     * neither let the raw text through nor stop the log: the text and parameters are withheld.
     */
    private AuditEvent masked(Pending pending) {
        AuditEvent event = pending.event();
        try {
            return masking.apply(event, pending.engineMasked());
        } catch (RuntimeException | StackOverflowError e) {
            log.error("audit event {} could not be masked; its statement text and parameters are withheld: {}",
                    event, e.toString());
            return event.toBuilder().statementText("<statement withheld: it could not be masked>").parameters(null)
                    .build();
        }
    }

    /**
     * With no events to write: a sink that failed is retried (with growing pauses) until it
     * works, so the log becomes writable again, and readiness returns, without waiting for
     * traffic; a sink that works is probed now and then, so an outage shows before traffic
     * finds it.
     */
    private void idle() {
        if (System.nanoTime() - nextCheck < 0) {
            return;
        }
        if (unreportedDrops.get() > 0 || sinkProblem != null) {
            if (!writeBatch(List.of())) {
                nextCheck = System.nanoTime() + retryPause.toNanos();
                retryPause = longer(retryPause);
            }
        } else {
            probe();
            nextCheck = System.nanoTime() + PROBE_INTERVAL.toNanos();
        }
    }

    private static Duration longer(Duration pause) {
        Duration doubled = pause.multipliedBy(2);
        return doubled.compareTo(MAX_RETRY) > 0 ? MAX_RETRY : doubled;
    }

    /**
     * Syncs the sink when batches were written since the last sync and the interval has passed
     * (at once when closing). A failed sync marks the sink failed like a failed write; the
     * batches stay written, and the next successful sync covers them.
     */
    private void syncIfDue() {
        if (!unsynced || !sinkOpen || (!closing && System.nanoTime() - lastSync < syncIntervalNanos)) {
            return;
        }
        try {
            sink.sync();
            unsynced = false;
            lastSync = System.nanoTime();
        } catch (Exception | Error e) {
            failed(e);
        }
    }

    /** Stores the batch, behind a gap report when one is due; false when the sink failed. */
    private boolean writeBatch(List<AuditEvent> batch) {
        if (!ensureOpen()) {
            return false;
        }
        long drops = unreportedDrops.get();
        List<AuditEvent> reports = gapReports(drops);
        List<AuditEvent> attempt = batch;
        if (!reports.isEmpty()) {
            attempt = new ArrayList<>(reports.size() + batch.size());
            attempt.addAll(reports);
            attempt.addAll(batch);
        }
        long started = System.nanoTime();
        try {
            sink.write(attempt);
        } catch (Exception | Error e) {
            failed(e);
            return false;
        }
        batchTimer.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        unsynced |= !attempt.isEmpty();
        written.increment(attempt.size());
        unreportedDrops.addAndGet(-drops);
        repairNotes.clear();
        if (outageSince != null) {
            log.info("audit {} sink is writing again after an outage since {}", sink.kind(), outageSince);
        }
        outageSince = null;
        sinkProblem = null;
        retryPause = FIRST_RETRY;
        nextCheck = System.nanoTime() + PROBE_INTERVAL.toNanos();
        return true;
    }

    private void probe() {
        if (!ensureOpen()) {
            return;
        }
        try {
            sink.probe();
        } catch (Exception | Error e) {
            failed(e);
        }
    }

    private boolean ensureOpen() {
        if (sinkOpen) {
            return true;
        }
        try {
            repairNotes.addAll(sink.open());
            sinkOpen = true;
            return true;
        } catch (Exception | Error e) {
            failed(e);
            return false;
        }
    }

    /**
     * The sink failed. Errors count too: pgjdbc raises an AssertionError (with -ea) when its
     * connection closes in the middle of a batch, and a writer thread that died of it would leave
     * the log looking writable while nothing was written any more.
     */
    private void failed(Throwable e) {
        writeFailures.increment();
        sinkOpen = false;
        String problem = describe(e);
        if (outageSince == null) {
            outageSince = Instant.now();
            log.error("audit {} sink failed; events wait in the queue ({} of {}) until it recovers: {}",
                    sink.kind(), queue.size(), queue.size() + queue.remainingCapacity(), problem);
        }
        sinkProblem = problem;
    }

    /**
     * The audit_gap events owed before the next batch: one per repair the sink made on open,
     * and one for an outage (with {@code on_failure: allow}, when statements went on while the
     * log was down) or for events a full queue turned away.
     */
    private List<AuditEvent> gapReports(long drops) {
        List<AuditEvent> reports = new ArrayList<>();
        Instant now = Instant.now();
        for (String note : repairNotes) {
            reports.add(AuditEvent.builder(AuditEvent.AUDIT_GAP).time(now).reason(note).build());
        }
        boolean outageToReport = outageSince != null && failureMode == AuditFailureMode.ALLOW;
        if (outageToReport || drops > 0) {
            StringBuilder reason = new StringBuilder();
            if (outageSince != null) {
                reason.append("audit ").append(sink.kind()).append(" sink could not store events from ")
                        .append(outageSince).append(" to ").append(now).append(" (").append(sinkProblem).append(')');
                reason.append(failureMode == AuditFailureMode.ALLOW
                        ? "; statements were allowed meanwhile (on_failure: allow); queued events follow"
                        : "; statements were refused meanwhile (on_failure: block)");
            }
            if (drops > 0) {
                reason.append(reason.length() == 0 ? "" : "; ")
                        .append(drops).append(" event(s) were lost because the audit queue was full");
            }
            reports.add(AuditEvent.builder(AuditEvent.AUDIT_GAP).time(now).reason(reason.toString()).build());
        }
        return reports;
    }

    /** The exception chain's messages, which for I/O and JDBC say what went wrong (no event content). */
    private static String describe(Throwable e) {
        StringBuilder out = new StringBuilder();
        for (Throwable t = e; t != null && out.length() < 300; t = t.getCause()) {
            if (out.length() > 0) {
                out.append(": ");
            }
            String message = t.getMessage();
            out.append(message == null ? t.getClass().getSimpleName() : message);
            if (t.getCause() == t) {
                break;
            }
        }
        return out.toString();
    }

    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        try {
            writer.join(CLOSE_WAIT.toMillis());
            if (writer.isAlive()) {
                writer.interrupt();
                writer.join(CLOSE_WAIT.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closed = true;
            releaseRoomWaiters();
            sink.close();
        }
    }
}
