package io.tracegate.proxy.recording;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The recording file: JSON Lines, compact. The first line says whose session it is and when
 * it started; every later line carries {@code t}, microseconds since that start:
 * <pre>
 * {"k":"start","time":"2026-11-25T10:00:00.000001Z","session":"s-1","identity":"agent-7","rows":false,"max":67108864}
 * {"k":"C","t":120,"m":"Q","text":"INSERT INTO t VALUES ('&lt;EMAIL&gt;')"}
 * {"k":"C","t":180,"m":"B","text":"S_1","params":["&lt;REDACTED&gt;",null]}
 * {"k":"S","t":950,"m":"C","text":"INSERT 0 1"}
 * {"k":"R","t":990,"row":["1","&lt;EMAIL&gt;"]}
 * {"k":"dropped","t":1200,"n":3}
 * {"k":"cap","t":1300,"text":"recording stopped: ..."}
 * {"k":"end","t":5000}
 * </pre>
 * Used by the writer thread only (it reuses one buffer).
 */
final class RecordingFormat {

    static final String KIND = "k";
    static final String T = "t";
    static final String START = "start";
    static final String CLIENT = "C";
    static final String SERVER = "S";
    static final String ROW = "R";
    static final String DROPPED = "dropped";
    static final String CAP = "cap";
    static final String END = "end";

    /** Room kept below the cap for the cap marker itself, so a capped file ends within its limit. */
    static final int CAP_MARKER_RESERVE = 256;

    private static final JsonFactory FACTORY = new JsonFactory();

    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(512);

    byte[] start(FileRecorder recorder) {
        return line(json -> {
            json.writeStringField(KIND, START);
            json.writeStringField("time", recorder.started.toString());
            json.writeStringField("session", recorder.sessionId);
            json.writeStringField("identity", recorder.identity);
            json.writeBooleanField("rows", recorder.includeRows);
            if (recorder.maxBytes != Long.MAX_VALUE) {
                json.writeNumberField("max", recorder.maxBytes);
            }
        });
    }

    byte[] entry(RecordingWriter.Entry entry) {
        FileRecorder recorder = entry.recorder();
        return line(json -> {
            switch (entry.kind()) {
                case CLIENT -> json.writeStringField(KIND, CLIENT);
                case SERVER -> json.writeStringField(KIND, SERVER);
                case ROW -> json.writeStringField(KIND, ROW);
                default -> throw new IllegalArgumentException("not a message: " + entry.kind());
            }
            json.writeNumberField(T, micros(recorder, entry.nanos()));
            if (entry.kind() == RecordingWriter.Kind.ROW) {
                strings(json, "row", entry.values());
                return;
            }
            json.writeStringField("m", String.valueOf(entry.type()));
            if (entry.text() != null) {
                json.writeStringField("text", entry.text());
            }
            if (!entry.values().isEmpty()) {
                strings(json, "params", entry.values());
            }
        });
    }

    byte[] dropped(FileRecorder recorder, long nanos, long count) {
        return line(json -> {
            json.writeStringField(KIND, DROPPED);
            json.writeNumberField(T, micros(recorder, nanos));
            json.writeNumberField("n", count);
        });
    }

    byte[] capped(FileRecorder recorder, long nanos) {
        return line(json -> {
            json.writeStringField(KIND, CAP);
            json.writeNumberField(T, micros(recorder, nanos));
            json.writeStringField("text", "recording stopped: the session reached max_session_size ("
                    + recorder.maxBytes + " bytes); later messages are not recorded");
        });
    }

    byte[] end(FileRecorder recorder, long nanos) {
        return line(json -> {
            json.writeStringField(KIND, END);
            json.writeNumberField(T, micros(recorder, nanos));
        });
    }

    private static long micros(FileRecorder recorder, long nanos) {
        return Math.max(0, (nanos - recorder.startedNanos) / 1_000);
    }

    private static void strings(JsonGenerator json, String name, List<String> values) throws IOException {
        json.writeArrayFieldStart(name);
        for (String value : values) {
            if (value == null) {
                json.writeNull();
            } else {
                json.writeString(value);
            }
        }
        json.writeEndArray();
    }

    private interface Fields {
        void write(JsonGenerator json) throws IOException;
    }

    private byte[] line(Fields fields) {
        buffer.reset();
        try (JsonGenerator json = FACTORY.createGenerator(buffer)) {
            json.writeStartObject();
            fields.write(json);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        buffer.write('\n');
        return buffer.toByteArray();
    }
}
