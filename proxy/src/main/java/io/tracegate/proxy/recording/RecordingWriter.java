package io.tracegate.proxy.recording;

import io.tracegate.policy.audit.AuditRedactor;
import io.tracegate.policy.config.RecordingConfig;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that writes every session's recording: recorders queue what they are given
 * and this thread encodes it, enforces each session's size cap and appends to its file. The
 * files are flushed whenever the queue runs dry (and at least every {@value #FLUSH_MILLIS} ms
 * under load), so {@code tracegate replay --follow} sees a live session almost at once.
 */
public final class RecordingWriter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RecordingWriter.class);

    /** Records queued for all sessions together before new ones are dropped (and counted in the file). */
    public static final int DEFAULT_QUEUE_CAPACITY = 65_536;
    private static final long FLUSH_MILLIS = 200;

    private static RecordingWriter shared;

    enum Kind { START, CLIENT, SERVER, ROW, END }

    /** One thing to write, stamped by the recorder on the caller's thread. */
    record Entry(FileRecorder recorder, Kind kind, long nanos, char type, String text, List<String> values) {
    }

    private final BlockingQueue<Entry> queue;
    /** Ends that found the queue full: handled once the queue has drained past everything before them. */
    private final Queue<Entry> lateEnds = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private volatile boolean closing;

    // Writer thread only.
    private final Set<FileRecorder> open = new HashSet<>();
    private final Set<FileRecorder> unflushed = new HashSet<>();
    private final RecordingFormat format = new RecordingFormat();
    private long lastFlush = System.nanoTime();

    public RecordingWriter() {
        this(DEFAULT_QUEUE_CAPACITY);
    }

    public RecordingWriter(int queueCapacity) {
        this.queue = new LinkedBlockingQueue<>(queueCapacity);
        this.thread = new Thread(this::run, "tracegate-recording");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** The process-wide writer, started on first use and closed (files flushed) at exit. */
    public static synchronized RecordingWriter shared() {
        if (shared == null) {
            RecordingWriter writer = new RecordingWriter();
            Runtime.getRuntime().addShutdownHook(new Thread(writer::close, "tracegate-recording-close"));
            shared = writer;
        }
        return shared;
    }

    SessionRecorder start(RecordingConfig config, String sessionId, String identity, AuditRedactor redactor) {
        FileRecorder recorder = new FileRecorder(this, config, sessionId, identity, redactor);
        // Dropping the start is harmless: the file is opened by the recorder's first record then.
        offer(new Entry(recorder, Kind.START, recorder.startedNanos, ' ', null, List.of()));
        return recorder;
    }

    boolean offer(Entry entry) {
        return !closing && queue.offer(entry);
    }

    void submitEnd(FileRecorder recorder, long nanos) {
        Entry end = new Entry(recorder, Kind.END, nanos, ' ', null, List.of());
        if (!queue.offer(end)) {
            lateEnds.add(end);
        }
    }

    private void run() {
        try {
            while (true) {
                Entry entry = queue.poll(FLUSH_MILLIS, TimeUnit.MILLISECONDS);
                while (entry != null) {
                    handle(entry);
                    if (System.nanoTime() - lastFlush > TimeUnit.MILLISECONDS.toNanos(FLUSH_MILLIS)) {
                        flush();
                    }
                    entry = queue.poll();
                }
                for (Entry end = lateEnds.poll(); end != null; end = lateEnds.poll()) {
                    handle(end);
                }
                flush();
                if (closing && queue.isEmpty() && lateEnds.isEmpty()) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            for (FileRecorder recorder : Set.copyOf(open)) {
                closeFile(recorder);
            }
        }
    }

    private void handle(Entry entry) {
        FileRecorder recorder = entry.recorder();
        if (recorder.failed || recorder.done) {
            return;
        }
        if (recorder.out == null && !openFile(recorder)) {
            return;
        }
        if (entry.kind() == Kind.START) {
            return;
        }
        long dropped = recorder.capped ? 0 : recorder.dropped.getAndSet(0);
        if (dropped > 0) {
            append(recorder, format.dropped(recorder, entry.nanos(), dropped));
        }
        if (entry.kind() == Kind.END) {
            if (!recorder.capped) {
                write(recorder, format.end(recorder, entry.nanos()));
            }
            closeFile(recorder);
        } else if (!recorder.capped) {
            append(recorder, format.entry(redacted(entry)));
        }
    }

    /**
     * What the file keeps of a message: statements (Query, Parse) that name a protected table,
     * bind values and error texts masked by the session's redactor. Bind values are only ever
     * present for statements on protected tables; an error may quote a value of the statement
     * it answers, which the recorder cannot tell. Done here, so the event loop never pays for it.
     */
    private static Entry redacted(Entry entry) {
        AuditRedactor redactor = entry.recorder().redactor;
        String text = entry.text();
        List<String> values = entry.values();
        if (entry.kind() == Kind.CLIENT) {
            if (entry.type() == 'Q' || entry.type() == 'P') {
                text = redactor.redactIfProtected(text);
            }
            values = redactor.redactValues(values);
        } else if (entry.kind() == Kind.SERVER && entry.type() == 'E') {
            text = redactor.redact(text);
        }
        return text == entry.text() && values == entry.values() ? entry
                : new Entry(entry.recorder(), entry.kind(), entry.nanos(), entry.type(), text, values);
    }

    /** Writes a line unless it would pass the cap; then writes the cap marker instead. False once capped. */
    private boolean append(FileRecorder recorder, byte[] line) {
        if (recorder.bytes + line.length > recorder.maxBytes - RecordingFormat.CAP_MARKER_RESERVE) {
            write(recorder, format.capped(recorder, System.nanoTime()));
            recorder.capped = true;
            log.info("session recording {} reached its size cap of {} bytes", recorder.file, recorder.maxBytes);
            return false;
        }
        write(recorder, line);
        return true;
    }

    private boolean openFile(FileRecorder recorder) {
        try {
            Files.createDirectories(recorder.file.getParent());
            recorder.out = new BufferedOutputStream(Files.newOutputStream(recorder.file,
                    StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), 16 * 1024);
            open.add(recorder);
            write(recorder, format.start(recorder));
            return !recorder.failed;
        } catch (IOException | RuntimeException e) {
            fail(recorder, e);
            return false;
        }
    }

    private void write(FileRecorder recorder, byte[] line) {
        if (recorder.failed) {
            return;
        }
        try {
            recorder.out.write(line);
            recorder.bytes += line.length;
            unflushed.add(recorder);
        } catch (IOException e) {
            fail(recorder, e);
        }
    }

    private void flush() {
        for (FileRecorder recorder : List.copyOf(unflushed)) {
            if (!recorder.failed && recorder.out != null) {
                try {
                    recorder.out.flush();
                } catch (IOException e) {
                    fail(recorder, e);
                }
            }
        }
        unflushed.clear();
        lastFlush = System.nanoTime();
    }

    private void fail(FileRecorder recorder, Exception e) {
        log.warn("session recording {} stopped: {}", recorder.file, e.toString());
        recorder.failed = true;
        closeFile(recorder);
    }

    private void closeFile(FileRecorder recorder) {
        OutputStream out = recorder.out;
        recorder.done = true;
        open.remove(recorder);
        unflushed.remove(recorder);
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                log.warn("closing session recording {}: {}", recorder.file, e.toString());
            }
        }
    }

    /** Writes what is queued, closes every file and stops the thread. */
    @Override
    public void close() {
        closing = true;
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
