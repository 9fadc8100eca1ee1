package io.tracegate.proxy.audit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names and raw reads of a file sink's files. The live file is the configured one
 * ({@code audit.jsonl}); a full one is renamed after the sequence number of its first line,
 * {@code audit-000000000001.jsonl}, so that a shell glob ({@code audit*.jsonl}) lists the
 * rotated files in chain order and the live file last.
 */
public final class AuditFiles {

    private static final int SEQ_DIGITS = 12;
    private static final int TAIL_CHUNK = 8192;

    private AuditFiles() {
    }

    /** Where a live file goes when it is rotated, its first line being {@code firstSeq}. */
    public static Path rotatedName(Path live, long firstSeq) {
        String[] stemAndExtension = stemAndExtension(live);
        String seq = String.format(Locale.ROOT, "%0" + SEQ_DIGITS + "d", firstSeq);
        return live.resolveSibling(stemAndExtension[0] + "-" + seq + stemAndExtension[1]);
    }

    /** The sidecar recording the latest seq and hash, so truncating the tail is detected. */
    public static Path headFile(Path live) {
        return live.resolveSibling(live.getFileName() + ".head");
    }

    /** The rotated files of {@code live}, oldest first (not including {@code live}). */
    public static List<Path> rotated(Path live) {
        String[] parts = stemAndExtension(live);
        Pattern name = Pattern.compile(Pattern.quote(parts[0]) + "-(\\d{" + SEQ_DIGITS + ",})" + Pattern.quote(parts[1]));
        Path dir = live.toAbsolutePath().getParent();
        List<Path> found = new ArrayList<>();
        if (dir == null || !Files.isDirectory(dir)) {
            return found;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                Matcher matcher = name.matcher(entry.getFileName().toString());
                if (matcher.matches()) {
                    found.add(entry);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        found.sort((a, b) -> Long.compare(firstSeqOf(a, name), firstSeqOf(b, name)));
        return found;
    }

    /** The whole chain of a live file: its rotated predecessors, then the file itself when it exists. */
    public static List<Path> chain(Path live) {
        List<Path> files = rotated(live);
        if (Files.exists(live)) {
            files.add(live.toAbsolutePath());
        }
        return files;
    }

    private static long firstSeqOf(Path file, Pattern name) {
        Matcher matcher = name.matcher(file.getFileName().toString());
        return matcher.matches() ? Long.parseLong(matcher.group(1)) : Long.MAX_VALUE;
    }

    private static String[] stemAndExtension(Path live) {
        String fileName = live.getFileName().toString();
        int dot = fileName.lastIndexOf('.');
        if (dot <= 0) {
            return new String[] {fileName, ""};
        }
        return new String[] {fileName.substring(0, dot), fileName.substring(dot)};
    }

    /**
     * The last complete line of the first {@code size} bytes of a file, without its line
     * break; empty when there is none. Reads backwards, so a long file costs one line's read.
     * The caller makes sure {@code size} ends just after a line break.
     */
    static Optional<byte[]> lastLine(FileChannel channel, long size) throws IOException {
        if (size == 0) {
            return Optional.empty();
        }
        long end = size - 1; // the final line break
        long start = end;
        List<byte[]> chunks = new ArrayList<>();
        while (start > 0) {
            int length = (int) Math.min(TAIL_CHUNK, start);
            byte[] chunk = readFully(channel, start - length, length);
            int newline = lastIndexOf(chunk, (byte) '\n');
            if (newline >= 0) {
                chunks.add(0, Arrays.copyOfRange(chunk, newline + 1, chunk.length));
                start = start - length + newline + 1;
                break;
            }
            chunks.add(0, chunk);
            start -= length;
        }
        byte[] line = new byte[(int) (end - start)];
        int at = 0;
        for (byte[] chunk : chunks) {
            System.arraycopy(chunk, 0, line, at, chunk.length);
            at += chunk.length;
        }
        return Optional.of(line);
    }

    /** The first line of a file (without its line break), if it has a complete one. */
    static Optional<byte[]> firstLine(FileChannel channel, long size) throws IOException {
        long position = 0;
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (position < size) {
            int length = (int) Math.min(TAIL_CHUNK, size - position);
            byte[] chunk = readFully(channel, position, length);
            for (int i = 0; i < chunk.length; i++) {
                if (chunk[i] == '\n') {
                    line.write(chunk, 0, i);
                    return Optional.of(line.toByteArray());
                }
            }
            line.write(chunk, 0, chunk.length);
            position += length;
        }
        return Optional.empty();
    }

    /** Where the last line break of the first {@code size} bytes is, or -1. */
    static long lastNewline(FileChannel channel, long size) throws IOException {
        long start = size;
        while (start > 0) {
            int length = (int) Math.min(TAIL_CHUNK, start);
            byte[] chunk = readFully(channel, start - length, length);
            int newline = lastIndexOf(chunk, (byte) '\n');
            if (newline >= 0) {
                return start - length + newline;
            }
            start -= length;
        }
        return -1;
    }

    /** The last complete line of a whole file, if any. */
    static Optional<byte[]> lastLine(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long newline = lastNewline(channel, channel.size());
            return newline < 0 ? Optional.empty() : lastLine(channel, newline + 1);
        }
    }

    private static byte[] readFully(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new IOException("file shrank while being read");
            }
        }
        return buffer.array();
    }

    private static int lastIndexOf(byte[] bytes, byte value) {
        for (int i = bytes.length - 1; i >= 0; i--) {
            if (bytes[i] == value) {
                return i;
            }
        }
        return -1;
    }
}
