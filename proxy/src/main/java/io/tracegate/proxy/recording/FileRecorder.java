package io.tracegate.proxy.recording;

import io.tracegate.policy.audit.AuditRedactor;
import io.tracegate.policy.config.RecordingConfig;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One session's recorder: stamps each call with {@link System#nanoTime()} and queues it for
 * the {@link RecordingWriter}. The fields below the line belong to the writer thread alone.
 */
final class FileRecorder implements SessionRecorder {

    final RecordingWriter writer;
    final Path file;
    final String sessionId;
    final String identity;
    /** Used on the writer thread: what is written of protected statements and errors is masked there. */
    final AuditRedactor redactor;
    final boolean includeRows;
    final long maxBytes;
    final Instant started;
    final long startedNanos;
    /** Records the queue turned away, reported in the file before the next record that fits. */
    final AtomicLong dropped = new AtomicLong();
    private volatile boolean closed;

    // ---- writer thread only ----
    OutputStream out;
    long bytes;
    boolean capped;
    boolean failed;
    boolean done;

    FileRecorder(RecordingWriter writer, RecordingConfig config, String sessionId, String identity,
            AuditRedactor redactor) {
        this.writer = writer;
        this.sessionId = sessionId;
        this.identity = identity;
        this.redactor = redactor;
        this.includeRows = config.includeRows();
        this.maxBytes = config.maxBytesPerSession() > 0 ? config.maxBytesPerSession() : Long.MAX_VALUE;
        this.started = Instant.now();
        this.startedNanos = System.nanoTime();
        this.file = config.dir().resolve(RecordingFiles.fileName(started, identity, sessionId));
    }

    @Override
    public void clientMessage(char type, String summary, List<String> maskedParameters) {
        submit(RecordingWriter.Kind.CLIENT, type, summary, copy(maskedParameters));
    }

    @Override
    public void serverMessage(char type, String summary) {
        submit(RecordingWriter.Kind.SERVER, type, summary, List.of());
    }

    @Override
    public void row(List<String> values) {
        if (includeRows) {
            submit(RecordingWriter.Kind.ROW, 'D', null, copy(values));
        }
    }

    @Override
    public boolean recordsRows() {
        return includeRows;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        // The end must not be lost to a full queue, or the file would stay open: it waits its turn.
        writer.submitEnd(this, System.nanoTime());
    }

    private void submit(RecordingWriter.Kind kind, char type, String text, List<String> values) {
        if (closed) {
            return;
        }
        if (!writer.offer(new RecordingWriter.Entry(this, kind, System.nanoTime(), type, text, values))) {
            dropped.incrementAndGet();
        }
    }

    /** The caller may reuse its list; SQL NULL entries are kept. */
    private static List<String> copy(List<String> values) {
        return values == null || values.isEmpty() ? List.of() : Collections.unmodifiableList(new ArrayList<>(values));
    }

    @Override
    public String toString() {
        return "FileRecorder[" + file + "]";
    }
}
