package io.tracegate.policy.engine;

import io.tracegate.policy.StatementKind;
import java.util.Map;
import java.util.Set;

/**
 * One statement as the audit log records it: its kind, the tables it names, the text as
 * forwarded (literals already masked) and how many findings of each type it carried (types and
 * counts only, never values).
 */
public record StatementSummary(StatementKind kind, Set<String> tables, String forwardedText,
        Map<String, Integer> findings) {

    public StatementSummary {
        tables = Set.copyOf(tables);
        findings = Map.copyOf(findings);
    }

    /** Never prints the text. */
    @Override
    public String toString() {
        return "StatementSummary[kind=" + kind + ", tables=" + tables + ", findings=" + findings + "]";
    }
}
