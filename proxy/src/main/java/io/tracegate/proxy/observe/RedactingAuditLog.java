package io.tracegate.proxy.observe;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tracegate.policy.audit.AuditEvent;
import io.tracegate.policy.audit.AuditRedactor;
import io.tracegate.policy.engine.ProtectedParts;
import io.tracegate.proxy.audit.AuditLog;
import java.time.Duration;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link AuditLog} in front of the real one that masks events about statements on protected
 * tables ({@link AuditRedactor}) on a thread of its own, then hands them on. Masking lexes the
 * statement and runs every detector over what the engine did not mask already: usually a few
 * microseconds, but a whole 4 KB text when it cannot be analysed (a backslash in it, an INSERT
 * without a column list), about half of what the engine spent on it. Either way it is work the
 * event loop need not wait for. Statements on other tables pay one set lookup: while nothing
 * waits here their events go straight on.
 *
 * <p>Events are handed on in the order they were appended: once one waits here, every event
 * appended after it waits behind it, masked or not. Like the audit writer, the thread never
 * waits on the queue itself but sleeps a little when it finds it empty, so an event loop's
 * append never has to wake it. Sessions are slowed down, through {@link #awaitRoom()}, while
 * more than {@value #HIGH_WATER} events wait here.
 */
public final class RedactingAuditLog implements AuditLog {

    private static final Logger log = LoggerFactory.getLogger(RedactingAuditLog.class);

    static final int HIGH_WATER = 8_192;
    static final int LOW_WATER = HIGH_WATER / 4;
    private static final long LINGER_MILLIS = 5;
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);

    private final AuditLog next;
    /** Cheap: whether an event may need masking ({@link AuditRedactor#concerns}). */
    private final Predicate<AuditEvent> concerns;
    private final BiFunction<AuditEvent, ProtectedParts, AuditEvent> redactor;
    private final Queue<Entry> queue = new ConcurrentLinkedQueue<>();
    /** Events appended and not yet handed on: queued, or taken by the thread and still being masked. */
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicReference<CompletableFuture<Void>> roomWaiters = new AtomicReference<>();
    private final Thread thread;
    private volatile boolean closing;
    private volatile boolean closed;

    /** An event and what the engine masked in it already. */
    private record Entry(AuditEvent event, ProtectedParts engineMasked) {
    }

    RedactingAuditLog(AuditLog next, Predicate<AuditEvent> concerns,
            BiFunction<AuditEvent, ProtectedParts, AuditEvent> redactor) {
        this.next = next;
        this.concerns = concerns;
        this.redactor = redactor;
        this.thread = new Thread(this::run, "tracegate-audit-redact");
        this.thread.setDaemon(true);
    }

    /**
     * {@code next} behind a redacting stage, or {@code next} itself when the policy protects no
     * table. The stage's backlog is the gauge {@code tracegate.audit.redaction.waiting}.
     */
    public static AuditLog wrap(AuditLog next, AuditRedactor redactor, MeterRegistry metrics) {
        if (redactor == AuditRedactor.NONE) {
            return next;
        }
        RedactingAuditLog stage = new RedactingAuditLog(next, redactor::concerns, redactor::redact);
        Gauge.builder("tracegate.audit.redaction.waiting", stage.waiting, AtomicInteger::get)
                .description("Audit events waiting to have their statements on protected tables masked")
                .register(metrics);
        return stage.start();
    }

    RedactingAuditLog start() {
        thread.start();
        return this;
    }

    /** Events appended and not yet handed on. */
    int waiting() {
        return waiting.get();
    }

    @Override
    public void append(AuditEvent event) {
        append(event, ProtectedParts.UNKNOWN);
    }

    @Override
    public void append(AuditEvent event, ProtectedParts engineMasked) {
        if (closed) {
            // Shutting down: nothing runs behind this any more, so mask it here rather than lose it.
            next.append(redacted(new Entry(event, engineMasked)));
            return;
        }
        if (waiting.get() == 0 && !concerns.test(event)) {
            next.append(event);
            return;
        }
        waiting.incrementAndGet();
        queue.add(new Entry(event, engineMasked));
    }

    @Override
    public boolean writable() {
        return next.writable();
    }

    @Override
    public Optional<String> problem() {
        return next.problem();
    }

    @Override
    public CompletionStage<Void> awaitRoom() {
        if (waiting.get() < HIGH_WATER || closing) {
            return next.awaitRoom();
        }
        CompletableFuture<Void> waiters = roomWaiters.get();
        if (waiters == null) {
            CompletableFuture<Void> created = new CompletableFuture<>();
            waiters = roomWaiters.compareAndSet(null, created) ? created : roomWaiters.get();
        }
        if (waiting.get() <= LOW_WATER) {
            // Drained meanwhile: the thread may have looked for waiters before this one came.
            releaseRoomWaiters();
        }
        return waiters;
    }

    /** Hands on everything that waits, then closes the log behind. */
    @Override
    public void close() {
        closing = true;
        try {
            thread.join(CLOSE_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closed = true;
        // Appends that came after the thread's last look, or a thread that did not finish in time.
        for (Entry entry = queue.poll(); entry != null; entry = queue.poll()) {
            next.append(redacted(entry));
            waiting.decrementAndGet();
        }
        releaseRoomWaiters();
        next.close();
    }

    private void run() {
        while (true) {
            Entry entry = queue.poll();
            if (entry == null) {
                if (closing) {
                    return;
                }
                releaseRoomWaiters();
                sleep();
                continue;
            }
            next.append(redacted(entry));
            // Only now: an event appended while this one was being masked must not overtake it.
            if (waiting.decrementAndGet() <= LOW_WATER) {
                releaseRoomWaiters();
            }
        }
    }

    /**
     * The event masked. A redactor that fails (a detector's bug) must not let the raw text
     * through, nor stop the log: the text and parameters are withheld instead.
     */
    private AuditEvent redacted(Entry entry) {
        AuditEvent event = entry.event();
        try {
            return redactor.apply(event, entry.engineMasked());
        } catch (RuntimeException | StackOverflowError e) {
            log.error("audit event {} could not be masked; its statement text and parameters are withheld: {}",
                    event, e.toString());
            return event.toBuilder().statementText("<statement withheld: it could not be masked>")
                    .parameters(null).build();
        }
    }

    private void releaseRoomWaiters() {
        CompletableFuture<Void> waiters = roomWaiters.get();
        if (waiters != null && (waiting.get() <= LOW_WATER || closing) && roomWaiters.compareAndSet(waiters, null)) {
            waiters.complete(null);
        }
    }

    /** Only {@link #close()} ends the thread (once all is handed on), so an interrupt merely cuts a nap short. */
    private static void sleep() {
        try {
            TimeUnit.MILLISECONDS.sleep(LINGER_MILLIS);
        } catch (InterruptedException e) {
            // The flag is cleared: the loop goes on, and ends when closing.
        }
    }

    @Override
    public String toString() {
        return "RedactingAuditLog[" + next + "]";
    }
}
