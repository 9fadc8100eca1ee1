package io.tracegate.proxy.audit;

import io.netty.buffer.ByteBuf;
import io.tracegate.policy.audit.AuditEvent;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code file} sink: an append-only, hash-chained JSON Lines file, rotated by size with
 * the chain continued in the next file.
 *
 * <p>Each batch is written with one gathering write; {@link #sync()} makes what was written
 * durable with one {@code fsync} and then replaces the head file, so the head never claims
 * more than the disk holds. The writer thread does both, never an event loop. Everything the sink knows about the chain (next seq, last hash, first seq of
 * the live file) is read back from disk on {@link #open()}, so after any failure, a crash
 * included, it continues exactly where the durable log ends.
 *
 * <p>Rotation happens between batches, never inside one, so that a batch stays all-or-nothing:
 * a file grows past {@code rotate_size} only by a batch that would not fit in an empty file
 * either (at most {@value AsyncAuditLog#MAX_BATCH} events).
 */
final class FileAuditSink implements AuditSink {

    private static final Logger log = LoggerFactory.getLogger(FileAuditSink.class);

    private final Path live;
    private final long rotateBytes;

    private FileChannel channel;
    private long size;
    private long firstSeqInFile;
    private long nextSeq;
    private String lastHash;
    /** Written since the last fsync: the head file lags until {@link #sync()}. */
    private boolean unsynced;
    /** Encodes each batch's lines into one buffer, written with one call. */
    private final ChainedLineWriter lineWriter = new ChainedLineWriter();

    FileAuditSink(Path live, long rotateBytes) {
        this.live = live.toAbsolutePath();
        this.rotateBytes = rotateBytes > 0 ? rotateBytes : Long.MAX_VALUE;
    }

    @Override
    public String kind() {
        return "file";
    }

    @Override
    public List<String> open() throws IOException {
        closeChannel();
        Files.createDirectories(live.getParent());
        List<String> notes = new ArrayList<>();
        FileChannel opened = FileChannel.open(live, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            long length = opened.size();
            long complete = AuditFiles.lastNewline(opened, length) + 1;
            if (complete < length) {
                // Only a crash or a full disk in the middle of a write leaves this: the batch
                // was never acknowledged, so its events were retried or are reported lost.
                opened.truncate(complete);
                opened.force(true);
                notes.add("discarded an incomplete last line (" + (length - complete) + " bytes) in " + live
                        + ", left by an interrupted write");
                log.warn("audit file {}: {}", live, notes.get(notes.size() - 1));
            }
            resume(opened, complete);
            opened.position(complete);
            channel = opened;
            size = complete;
        } catch (IOException | RuntimeException e) {
            opened.close();
            throw e;
        }
        return notes;
    }

    /** Reads where the chain stands: from the live file's last line, else the newest rotated file's. */
    private void resume(FileChannel opened, long length) throws IOException {
        Optional<byte[]> last = AuditFiles.lastLine(opened, length);
        if (last.isPresent()) {
            firstSeqInFile = link(AuditFiles.firstLine(opened, length).orElseThrow(), live).seq();
            continueAfter(last.get(), live);
            return;
        }
        List<Path> rotated = AuditFiles.rotated(live);
        Optional<byte[]> previous = Optional.empty();
        Path previousFile = null;
        for (int i = rotated.size() - 1; i >= 0 && previous.isEmpty(); i--) {
            previousFile = rotated.get(i);
            previous = AuditFiles.lastLine(previousFile);
        }
        if (previous.isPresent()) {
            continueAfter(previous.get(), previousFile);
        } else {
            nextSeq = 1;
            lastHash = AuditChain.GENESIS;
        }
        firstSeqInFile = nextSeq;
    }

    private void continueAfter(byte[] lastLine, Path file) throws IOException {
        nextSeq = link(lastLine, file).seq() + 1;
        lastHash = AuditChain.hash(lastLine);
    }

    private static AuditChain.Link link(byte[] line, Path file) throws IOException {
        try {
            return AuditChain.parse(new String(line, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new IOException("cannot continue the audit chain: a line of " + file + " is not a chained audit"
                    + " record (" + e.getMessage() + "); run `tracegate audit verify` on it", e);
        }
    }

    @Override
    public void write(List<AuditEvent> batch) throws IOException {
        if (batch.isEmpty()) {
            return;
        }
        ByteBuf lines = lineWriter.newBatch();
        long seq = nextSeq;
        String prev = lastHash;
        for (AuditEvent event : batch) {
            prev = lineWriter.writeLine(seq, prev, event);
            lines.writeByte('\n');
            seq++;
        }
        long total = lines.readableBytes();
        if (size > 0 && size + total > rotateBytes) {
            rotate();
        }
        try {
            ByteBuffer pending = lines.nioBuffer();
            while (pending.hasRemaining()) {
                channel.write(pending);
            }
        } catch (IOException | RuntimeException e) {
            undoPartialWrite();
            throw e;
        }
        size += total;
        nextSeq = seq;
        lastHash = prev;
        unsynced = true;
    }

    @Override
    public void sync() throws IOException {
        if (!unsynced || channel == null) {
            return;
        }
        channel.force(false);
        unsynced = false;
        writeHead(new AuditHead(nextSeq - 1, lastHash));
    }

    /**
     * The batch is durable whatever happens here, so a failure must not fail the batch (its
     * retry would duplicate it): it is logged, and the next batch writes a fresh head.
     */
    private void writeHead(AuditHead head) {
        try {
            head.write(live);
        } catch (IOException | RuntimeException e) {
            log.warn("could not update the audit head file of {}: {}", live, e.toString());
        }
    }

    /** Cuts what part of a failed batch reached the file, so its retry does not write it twice. */
    private void undoPartialWrite() {
        try {
            channel.truncate(size);
            channel.position(size);
        } catch (IOException | RuntimeException e) {
            // open() cuts an incomplete line; complete lines of the batch would be written
            // again, with new sequence numbers: duplicated, but nothing lost or reordered.
            log.warn("could not undo a failed audit write in {}: {}", live, e.toString());
        }
        closeChannel();
    }

    private void rotate() throws IOException {
        Path target = AuditFiles.rotatedName(live, firstSeqInFile);
        sync();
        channel.force(true);
        closeChannel();
        Files.move(live, target, StandardCopyOption.ATOMIC_MOVE);
        log.info("audit file rotated: {} -> {}", live, target);
        channel = FileChannel.open(live, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        size = 0;
        firstSeqInFile = nextSeq;
        syncDirectory();
    }

    /** Makes the rename and the new file's directory entry durable (Linux allows fsync on a directory). */
    private void syncDirectory() {
        try (FileChannel dir = FileChannel.open(live.getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException | RuntimeException e) {
            log.debug("directory fsync not supported here: {}", e.toString());
        }
    }

    private void closeChannel() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                log.debug("closing {}: {}", live, e.toString());
            }
            channel = null;
        }
    }

    @Override
    public void close() {
        try {
            sync();
        } catch (IOException | RuntimeException e) {
            log.warn("could not make the audit file {} durable on close: {}", live, e.toString());
        }
        closeChannel();
        lineWriter.close();
    }
}
