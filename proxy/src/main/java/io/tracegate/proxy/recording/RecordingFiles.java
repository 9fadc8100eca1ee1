package io.tracegate.proxy.recording;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Recording file names: {@code 20261125T100000Z_agent-7_<session>.jsonl}, sorting by start time. */
final class RecordingFiles {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private RecordingFiles() {
    }

    static String fileName(Instant started, String identity, String sessionId) {
        return STAMP.format(started) + "_" + safe(identity) + "_" + safe(sessionId) + ".jsonl";
    }

    /** Identity and session id come from outside; only a safe subset of characters reaches the file system. */
    static String safe(String part) {
        if (part == null || part.isEmpty()) {
            return "unknown";
        }
        StringBuilder out = new StringBuilder(Math.min(part.length(), 64));
        for (int i = 0; i < part.length() && out.length() < 64; i++) {
            char c = part.charAt(i);
            boolean plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '@';
            out.append(plain ? c : '_');
        }
        return out.charAt(0) == '.' ? "_" + out.substring(1) : out.toString();
    }
}
