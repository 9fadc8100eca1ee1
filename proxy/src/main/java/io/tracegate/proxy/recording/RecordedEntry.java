package io.tracegate.proxy.recording;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One line of a recording, read back.
 *
 * @param time   absolute: the session's start plus the line's offset
 * @param type   the protocol message type for CLIENT and SERVER, else {@code ' '}
 * @param text   statement text, summary, marker text; null when the line has none
 * @param values Bind parameters (CLIENT) or a row's values (ROW); null entries are SQL NULL
 * @param count  how many records were dropped (DROPPED), else 0
 */
public record RecordedEntry(Kind kind, Instant time, char type, String text, List<String> values, long count,
        String sessionId, String identity) {

    /** What a line holds. */
    public enum Kind { START, CLIENT, SERVER, ROW, DROPPED, CAP, END }

    public RecordedEntry {
        values = values == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(values));
    }
}
