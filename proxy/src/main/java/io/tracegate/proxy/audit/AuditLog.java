package io.tracegate.proxy.audit;

import io.micrometer.core.instrument.MeterRegistry;
import io.tracegate.policy.audit.AuditEvent;
import io.tracegate.policy.config.AuditConfig;
import io.tracegate.policy.engine.ProtectedParts;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.slf4j.LoggerFactory;

/**
 * Where the gateway's audit events go. Appending never blocks: events wait in a bounded queue
 * and one writer thread stores them in batches, so an event loop can call {@link #append} for
 * every statement.
 *
 * <p>While events cannot be stored (the sink fails, or the queue is full) {@link #writable()}
 * is false; with {@code audit.on_failure: block} the session refuses statements then. Events
 * appended meanwhile stay queued and are written, in order, once the sink works again; only
 * events that found the queue full are lost, and the log records an {@code audit_gap} event
 * saying how many (and, with {@code on_failure: allow}, that there was an outage at all).
 */
public interface AuditLog extends AutoCloseable {

    /** Events queued before they are dropped, when not configured otherwise. */
    int DEFAULT_QUEUE_CAPACITY = 16_384;

    /** Queues the event; never blocks, never throws for a full queue (the loss is counted and recorded). */
    void append(AuditEvent event);

    /**
     * As {@link #append(AuditEvent)}, for a statement event: {@code engineMasked} says where in
     * its text and parameters the policy engine masked values already, so the log's
     * {@link AuditMasking} need not look there again.
     */
    default void append(AuditEvent event, ProtectedParts engineMasked) {
        append(event);
    }

    /** False for {@code audit.sink: none}, whose sessions need not build events at all. */
    default boolean enabled() {
        return true;
    }

    /** False while events cannot be written: the sink is down or the queue is full. */
    boolean writable();

    /** Why events cannot be written right now; empty while {@link #writable()}. */
    Optional<String> problem();

    /**
     * Null while the queue has room; otherwise a stage that completes once the writer has
     * drained it well below its capacity. Sessions wait on it before starting another
     * statement, so a burst slows clients down instead of overflowing the queue.
     */
    default CompletionStage<Void> awaitRoom() {
        return null;
    }

    /** Writes what is queued (waiting a bounded time for a sink that is down), then releases the sink. */
    @Override
    void close();

    /** The sink {@code config} names, with the default queue capacity, storing events as appended. */
    static AuditLog create(AuditConfig config, MeterRegistry metrics) {
        return create(config, metrics, DEFAULT_QUEUE_CAPACITY, AuditMasking.NONE);
    }

    /** The sink {@code config} names; its queue holds at most {@code queueCapacity} events, stored as appended. */
    static AuditLog create(AuditConfig config, MeterRegistry metrics, int queueCapacity) {
        return create(config, metrics, queueCapacity, AuditMasking.NONE);
    }

    /** The sink {@code config} names, with the default queue capacity; the writer masks events with {@code masking}. */
    static AuditLog create(AuditConfig config, MeterRegistry metrics, AuditMasking masking) {
        return create(config, metrics, DEFAULT_QUEUE_CAPACITY, masking);
    }

    /**
     * The sink {@code config} names; its queue holds at most {@code queueCapacity} events, and
     * its writer masks each with {@code masking} before storing it.
     */
    static AuditLog create(AuditConfig config, MeterRegistry metrics, int queueCapacity, AuditMasking masking) {
        AuditSink sink = switch (config.sink()) {
            case FILE -> new FileAuditSink(config.file(), config.rotateBytes());
            case POSTGRES -> new PostgresAuditSink(config.postgres());
            case NONE -> null;
        };
        if (sink == null) {
            LoggerFactory.getLogger(AuditLog.class).warn("audit.sink is none: statements are not audited");
            return DisabledAuditLog.INSTANCE;
        }
        return AsyncAuditLog.start(sink, config.onFailure(), metrics, queueCapacity, config.syncInterval(), masking);
    }
}
