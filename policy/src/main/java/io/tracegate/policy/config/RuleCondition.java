package io.tracegate.policy.config;

import io.tracegate.policy.StatementKind;
import java.util.Set;

/**
 * When a rule applies ({@code rules[].when}). Every non-empty dimension must match; an empty set
 * matches anything, so {@code when: {}} matches every statement. A dimension matches when the
 * identity has any of the roles, the statement's kind is listed, the statement touches any listed
 * table, or any listed finding type was detected.
 *
 * @param tables schema-qualified names normalised by {@link TableNames#normalize}
 */
public record RuleCondition(Set<String> roles, Set<StatementKind> statements, Set<String> tables, Set<String> findings) {
    public static final RuleCondition ANY = new RuleCondition(Set.of(), Set.of(), Set.of(), Set.of());

    public RuleCondition {
        roles = Copies.orderedSet(roles);
        statements = Copies.orderedSet(statements);
        tables = Copies.orderedSet(tables);
        findings = Copies.orderedSet(findings);
    }

    /**
     * Whether every statement this condition's {@code later} matches is also matched by this one:
     * in each dimension this one is empty (any) or lists every value the later one lists.
     */
    public boolean covers(RuleCondition later) {
        return covers(roles, later.roles) && covers(statements, later.statements)
                && covers(tables, later.tables) && covers(findings, later.findings);
    }

    private static <T> boolean covers(Set<T> earlier, Set<T> later) {
        return earlier.isEmpty() || (!later.isEmpty() && earlier.containsAll(later));
    }
}
