package io.tracegate.proxy.audit;

import io.tracegate.policy.audit.AuditEvent;
import java.time.Duration;
import java.util.List;

/**
 * Stores batches of events for {@link AsyncAuditLog}, always from its one writer thread. Each
 * implementation extends the same hash chain ({@link AuditChain}).
 */
interface AuditSink extends AutoCloseable {

    /** {@code file} or {@code postgres}: the {@code sink} tag on audit metrics. */
    String kind();

    /**
     * How long the writer lets events gather after a batch that was not full, so that under
     * load batches grow instead of multiplying: a sink whose batches carry a fixed cost (a
     * database transaction) waits longer than one that appends to a file.
     */
    default Duration linger() {
        return Duration.ofMillis(10);
    }

    /**
     * Makes the sink ready to write (again): opens files or connections and finds where the
     * chain stands. Called before the first write and after a failed one.
     *
     * @return notes on anything the sink had to repair on the way (such as an incomplete line
     *         left by a crash), each to be recorded as an {@code audit_gap} event
     */
    List<String> open() throws Exception;

    /**
     * Stores the whole batch, in order, or nothing of it: after an exception the same batch is
     * offered again once {@link #open()} succeeds. Stored means the sink's store has it (the
     * operating system for a file, a committed transaction for a database); {@link #sync()}
     * makes it survive a machine crash where that is a separate step.
     */
    void write(List<AuditEvent> batch) throws Exception;

    /**
     * Makes every batch written so far durable (fsync for a file). The writer calls it at most
     * once per {@code audit.sync_interval}, so a busy gateway pays for it a few times a second
     * rather than once per batch. A sink whose writes are durable by themselves does nothing.
     */
    default void sync() throws Exception {
    }

    /**
     * Checks, while no events come, that the sink could still take some, so that an outage
     * shows in {@code writable()} (and {@code /readyz}) before the next statement finds it.
     */
    default void probe() throws Exception {
    }

    @Override
    void close();
}
