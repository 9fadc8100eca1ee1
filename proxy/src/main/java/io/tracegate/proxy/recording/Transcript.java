package io.tracegate.proxy.recording;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How {@code tracegate replay} shows a recording: one line per entry for people (time in
 * UTC, direction, message name, text), or one JSON object per entry for machines.
 */
public final class Transcript {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSSSSS")
            .withZone(ZoneOffset.UTC);
    private static final JsonFactory FACTORY = new JsonFactory();

    private Instant started;

    /** One line for people, without a line break. Remembers the start to show the session's length at its end. */
    public String text(RecordedEntry entry) {
        String clock = CLOCK.format(entry.time());
        return switch (entry.kind()) {
            case START -> {
                started = entry.time();
                yield "session " + entry.sessionId() + " of " + entry.identity() + ", started " + entry.time();
            }
            case CLIENT -> line(clock, "client", MessageNames.frontend(entry.type()), withParams(entry));
            case SERVER -> line(clock, "server", MessageNames.backend(entry.type()), oneLine(entry.text()));
            case ROW -> line(clock, "server", "DataRow", values(entry.values()));
            case DROPPED -> line(clock, "------", "gap",
                    entry.count() + " record(s) not recorded: the recording queue was full");
            case CAP -> line(clock, "------", "cap", oneLine(entry.text()));
            case END -> line(clock, "------", "end", started == null ? "session ended"
                    : "session ended after " + seconds(Duration.between(started, entry.time())));
        };
    }

    private static String line(String clock, String direction, String name, String text) {
        String padded = String.format(Locale.ROOT, "%-6s %-20s", direction, name);
        return (clock + "  " + padded + " " + (text == null ? "" : text)).stripTrailing();
    }

    private static String withParams(RecordedEntry entry) {
        String text = oneLine(entry.text());
        if (entry.values().isEmpty()) {
            return text;
        }
        return (text == null ? "" : text + "  ") + "params: " + values(entry.values());
    }

    private static String values(List<String> values) {
        return values.stream().map(value -> value == null ? "NULL" : "'" + oneLine(value) + "'")
                .collect(Collectors.joining(", "));
    }

    private static String oneLine(String text) {
        return text == null ? null : text.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ');
    }

    private static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.3f s", duration.toNanos() / 1e9);
    }

    /** One JSON object for machines, without a line break: absolute time, kind, message name, text, values. */
    public static String json(RecordedEntry entry) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("time", entry.time().toString());
            json.writeStringField("kind", entry.kind().name().toLowerCase(Locale.ROOT));
            if (entry.kind() == RecordedEntry.Kind.START) {
                json.writeStringField("session", entry.sessionId());
                json.writeStringField("identity", entry.identity());
            }
            if (entry.kind() == RecordedEntry.Kind.CLIENT) {
                json.writeStringField("message", MessageNames.frontend(entry.type()));
            } else if (entry.kind() == RecordedEntry.Kind.SERVER || entry.kind() == RecordedEntry.Kind.ROW) {
                json.writeStringField("message", MessageNames.backend(entry.type()));
            }
            if (entry.text() != null) {
                json.writeStringField("text", entry.text());
            }
            if (!entry.values().isEmpty()) {
                json.writeArrayFieldStart(entry.kind() == RecordedEntry.Kind.ROW ? "row" : "params");
                for (String value : entry.values()) {
                    if (value == null) {
                        json.writeNull();
                    } else {
                        json.writeString(value);
                    }
                }
                json.writeEndArray();
            }
            if (entry.kind() == RecordedEntry.Kind.DROPPED) {
                json.writeNumberField("dropped", entry.count());
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString();
    }
}
