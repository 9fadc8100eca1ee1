package io.tracegate.proxy.audit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * {@code audit tail}: the last lines of a live audit file, then, when following, each line
 * as it is written, across rotations (when the file is renamed away and a new one takes its
 * name, the rest of the old one is read first).
 */
public final class AuditTail {

    private static final Duration POLL = Duration.ofMillis(200);
    private static final int CHUNK = 64 * 1024;

    private final Path path;
    private final Consumer<byte[]> out;
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

    private AuditTail(Path path, Consumer<byte[]> out) {
        this.path = path;
        this.out = out;
    }

    /**
     * Hands {@code out} the last {@code lines} complete lines, then, unless {@code stop} is
     * already true, every line written later, until {@code stop} says so (checked between polls).
     */
    public static void run(Path path, int lines, Consumer<byte[]> out, BooleanSupplier stop) throws IOException {
        new AuditTail(path, out).tail(lines, stop);
    }

    private void tail(int lines, BooleanSupplier stop) throws IOException {
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
        try {
            Object key = fileKey(path);
            long position = startOfLastLines(channel, channel.size(), lines);
            while (true) {
                long read = drain(channel, position);
                position += read;
                if (read > 0) {
                    continue;
                }
                if (stop.getAsBoolean()) {
                    return;
                }
                Object current = fileKey(path);
                if (current != null && !Objects.equals(current, key)) {
                    // Rotated: whatever reached this file before its rename is read, then the file after it
                    // in the chain (several rotations may have passed since the last look).
                    drain(channel, position);
                    channel.close();
                    Path next = nextInChain(key);
                    channel = FileChannel.open(next, StandardOpenOption.READ);
                    key = fileKey(next);
                    position = 0;
                    partial.reset();
                    continue;
                }
                sleep();
            }
        } finally {
            channel.close();
        }
    }

    /** Reads what the file has past {@code position}, handing out complete lines; returns the bytes read. */
    private long drain(FileChannel channel, long position) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
        long total = 0;
        while (true) {
            buffer.clear();
            int read = channel.read(buffer, position + total);
            if (read <= 0) {
                return total;
            }
            total += read;
            byte[] bytes = buffer.array();
            int start = 0;
            for (int i = 0; i < read; i++) {
                if (bytes[i] == '\n') {
                    partial.write(bytes, start, i - start);
                    out.accept(partial.toByteArray());
                    partial.reset();
                    start = i + 1;
                }
            }
            partial.write(bytes, start, read - start);
        }
    }

    /** The rotated file that follows the one identified by {@code key}, or the live file. */
    private Path nextInChain(Object key) throws IOException {
        List<Path> rotated = AuditFiles.rotated(path);
        for (int i = 0; i < rotated.size() - 1; i++) {
            if (Objects.equals(fileKey(rotated.get(i)), key)) {
                return rotated.get(i + 1);
            }
        }
        return path;
    }

    private static Object fileKey(Path file) throws IOException {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        } catch (NoSuchFileException e) {
            return null; // between the rename and the new file
        }
    }

    /** Where the last {@code lines} complete lines of the first {@code size} bytes begin. */
    static long startOfLastLines(FileChannel channel, long size, int lines) throws IOException {
        long end = AuditFiles.lastNewline(channel, size);
        if (end < 0 || lines <= 0) {
            return end + 1;
        }
        long position = end;
        for (int found = 0; found < lines; found++) {
            long previous = AuditFiles.lastNewline(channel, position);
            if (previous < 0) {
                return 0;
            }
            position = previous;
        }
        return position + 1;
    }

    private static void sleep() throws IOException {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while following", e);
        }
    }
}
