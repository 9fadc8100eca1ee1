package io.tracegate.proxy.audit;

import io.tracegate.policy.audit.AuditEvent;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One line per event for people reading {@code audit query} and {@code audit tail}: time,
 * type, identity, then what matters for that type. Line breaks inside statement text are
 * shown as spaces, so that one event stays one line.
 */
public final class AuditEventFormatter {

    private AuditEventFormatter() {
    }

    public static String format(AuditEvent event) {
        StringBuilder out = new StringBuilder(160);
        out.append(event.time()).append(' ').append(event.eventType());
        field(out, "identity", event.identity());
        field(out, "session", event.sessionId());
        if (event.decision() != null) {
            out.append(' ').append(event.decision());
            if (event.ruleName() != null) {
                out.append('(').append(event.ruleName()).append(')');
            }
        }
        field(out, "kind", event.statementKind());
        if (!event.tables().isEmpty()) {
            out.append(" tables=").append(String.join(",", event.tables()));
        }
        if (!event.findings().isEmpty()) {
            out.append(" findings=").append(findings(event.findings()));
        }
        field(out, "approval", event.approvalId());
        field(out, "reviewer", event.reviewer());
        field(out, "client", event.clientAddress());
        field(out, "tag", quoteIfSpaced(event.commandTag()));
        if (event.rowsAffected() != null) {
            out.append(" rows=").append(event.rowsAffected());
        }
        field(out, "sqlstate", event.sqlState());
        if (event.durationMicros() != null) {
            out.append(" duration=").append(formatMicros(event.durationMicros()));
        }
        if (event.statementText() != null) {
            out.append(" sql=\"").append(oneLine(event.statementText())).append('"');
        }
        if (!event.parameters().isEmpty()) {
            out.append(" params=").append(event.parameters().stream()
                    .map(value -> value == null ? "NULL" : "\"" + oneLine(value) + "\"")
                    .collect(Collectors.joining(",", "[", "]")));
        }
        if (event.reason() != null) {
            out.append(" reason=\"").append(oneLine(event.reason())).append('"');
        }
        return out.toString();
    }

    private static void field(StringBuilder out, String name, String value) {
        if (value != null) {
            out.append(' ').append(name).append('=').append(value);
        }
    }

    private static String quoteIfSpaced(String value) {
        return value == null || value.indexOf(' ') < 0 ? value : "\"" + value + "\"";
    }

    private static String findings(Map<String, Integer> findings) {
        return findings.entrySet().stream().map(e -> e.getKey() + ":" + e.getValue()).collect(Collectors.joining(","));
    }

    static String formatMicros(long micros) {
        if (micros < 1_000) {
            return micros + "us";
        }
        if (micros < 1_000_000) {
            return String.format(Locale.ROOT, "%.1fms", micros / 1_000.0);
        }
        return String.format(Locale.ROOT, "%.2fs", micros / 1_000_000.0);
    }

    static String oneLine(String text) {
        return text.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ').replace("\"", "\\\"");
    }
}
