package io.tracegate.policy.engine;

import io.tracegate.policy.StatementKind;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One statement as the audit log records it: its kind, the tables it names, the text as
 * forwarded (literals already masked) and how many findings of each type it carried (types and
 * counts only, never values).
 *
 * @param protectedParts where in {@code forwardedText} the values masked for protected columns
 *                       are, so the audit masks only the rest; {@link ProtectedParts#UNKNOWN}
 *                       when the engine did not keep them
 */
public record StatementSummary(StatementKind kind, Set<String> tables, String forwardedText,
        Map<String, Integer> findings, ProtectedParts protectedParts) {

    public StatementSummary {
        tables = Set.copyOf(tables);
        findings = Map.copyOf(findings);
        Objects.requireNonNull(protectedParts, "protectedParts");
    }

    /** A summary whose protected parts the audit works out itself. */
    public StatementSummary(StatementKind kind, Set<String> tables, String forwardedText,
            Map<String, Integer> findings) {
        this(kind, tables, forwardedText, findings, ProtectedParts.UNKNOWN);
    }

    /** The same statement with other findings (those of a Bind's values added). */
    public StatementSummary withFindings(Map<String, Integer> findings) {
        return new StatementSummary(kind, tables, forwardedText, findings, protectedParts);
    }

    /** Never prints the text. */
    @Override
    public String toString() {
        return "StatementSummary[kind=" + kind + ", tables=" + tables + ", findings=" + findings + "]";
    }
}
