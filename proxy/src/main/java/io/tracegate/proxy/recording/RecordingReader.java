package io.tracegate.proxy.recording;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Reads a recording back, line by line, optionally following a file that is still being
 * written until its session ends. Only complete lines are read: the writer's buffer may end
 * in the middle of one.
 */
public final class RecordingReader {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration POLL = Duration.ofMillis(100);

    private Instant started;
    private String sessionId;
    private String identity;
    private long lineNumber;

    private RecordingReader() {
    }

    /** Every entry of a finished (or abandoned) recording. */
    public static void read(Path file, Consumer<RecordedEntry> out) throws IOException {
        follow(file, out, () -> true);
    }

    /**
     * Entries as they are written: at the end of the file, waits for more until the session's
     * end record, or until {@code stop} says so (checked while waiting).
     */
    public static void follow(Path file, Consumer<RecordedEntry> out, BooleanSupplier stop) throws IOException {
        RecordingReader reader = new RecordingReader();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
            ByteArrayOutputStream partial = new ByteArrayOutputStream();
            long position = 0;
            while (true) {
                chunk.clear();
                int read = channel.read(chunk, position);
                if (read <= 0) {
                    if (stop.getAsBoolean()) {
                        return;
                    }
                    sleep();
                    continue;
                }
                position += read;
                byte[] bytes = chunk.array();
                int start = 0;
                for (int i = 0; i < read; i++) {
                    if (bytes[i] == '\n') {
                        partial.write(bytes, start, i - start);
                        RecordedEntry entry = reader.parse(partial.toString(StandardCharsets.UTF_8));
                        partial.reset();
                        start = i + 1;
                        out.accept(entry);
                        if (entry.kind() == RecordedEntry.Kind.END) {
                            return;
                        }
                    }
                }
                partial.write(bytes, start, read - start);
            }
        }
    }

    private static void sleep() throws IOException {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while following the recording", e);
        }
    }

    private RecordedEntry parse(String line) throws IOException {
        lineNumber++;
        JsonNode node;
        try {
            node = MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            throw new IOException("line " + lineNumber + " is not a recording record: " + e.getOriginalMessage(), e);
        }
        if (node == null || !node.isObject() || !node.path(RecordingFormat.KIND).isTextual()) {
            throw new IOException("line " + lineNumber + " is not a recording record");
        }
        String kind = node.get(RecordingFormat.KIND).asText();
        if (kind.equals(RecordingFormat.START)) {
            try {
                started = Instant.parse(node.path("time").asText());
            } catch (DateTimeParseException e) {
                throw new IOException("line " + lineNumber + ": the start record has no valid time", e);
            }
            sessionId = text(node, "session");
            identity = text(node, "identity");
            return new RecordedEntry(RecordedEntry.Kind.START, started, ' ', null, List.of(), 0, sessionId, identity);
        }
        if (started == null) {
            throw new IOException("line " + lineNumber + ": a recording starts with its start record");
        }
        Instant time = started.plusNanos(node.path(RecordingFormat.T).asLong() * 1_000);
        String type = text(node, "m");
        char typeChar = type == null || type.isEmpty() ? ' ' : type.charAt(0);
        return switch (kind) {
            case RecordingFormat.CLIENT -> entry(RecordedEntry.Kind.CLIENT, time, typeChar, node, "params");
            case RecordingFormat.SERVER -> entry(RecordedEntry.Kind.SERVER, time, typeChar, node, "params");
            case RecordingFormat.ROW -> entry(RecordedEntry.Kind.ROW, time, 'D', node, "row");
            case RecordingFormat.DROPPED -> new RecordedEntry(RecordedEntry.Kind.DROPPED, time, ' ', null, List.of(),
                    node.path("n").asLong(), sessionId, identity);
            case RecordingFormat.CAP -> entry(RecordedEntry.Kind.CAP, time, ' ', node, null);
            case RecordingFormat.END -> entry(RecordedEntry.Kind.END, time, ' ', node, null);
            default -> throw new IOException("line " + lineNumber + ": unknown record kind \"" + kind + "\"");
        };
    }

    private RecordedEntry entry(RecordedEntry.Kind kind, Instant time, char type, JsonNode node, String valuesField) {
        List<String> values = new ArrayList<>();
        if (valuesField != null) {
            node.path(valuesField).forEach(value -> values.add(value.isNull() ? null : value.asText()));
        }
        return new RecordedEntry(kind, time, type, text(node, "text"), values, 0, sessionId, identity);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
