package io.tracegate.policy.rules;

import io.tracegate.policy.Identity;
import io.tracegate.policy.config.RuleAction;
import io.tracegate.policy.config.RuleCondition;
import io.tracegate.policy.config.RuleConfig;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The policy file's rules, in order. {@link #match} returns the first rule whose condition holds:
 * every non-empty dimension of {@code when} must match, where a dimension matches when the identity
 * has any of its roles, the statement's kind is listed, the statement touches any listed table, or
 * any listed finding type was detected; an empty dimension matches anything.
 *
 * <p>When no rule matches, the statement is allowed by an implicit rule named
 * {@value #DEFAULT_RULE_NAME}. That keeps a file without rules a plain (masking, auditing) gateway;
 * a file that wants default-deny ends with {@code when: {}} and {@code action: block}. Writes to a
 * protected table are masked whatever the action.
 *
 * <p>Immutable and safe to share between event loops.
 */
public final class RuleSet {
    /** The name reported when no rule matched. */
    public static final String DEFAULT_RULE_NAME = "(default)";

    private static final RuleMatch DEFAULT_MATCH = new RuleMatch(DEFAULT_RULE_NAME, RuleAction.ALLOW, Set.of(), Optional.empty());

    private final List<RuleConfig> rules;
    private final RuleMatch[] matches;

    private RuleSet(List<RuleConfig> rules) {
        this.rules = List.copyOf(rules);
        this.matches = this.rules.stream().map(RuleMatch::of).toArray(RuleMatch[]::new);
    }

    public static RuleSet of(List<RuleConfig> rules) {
        return new RuleSet(rules);
    }

    public List<RuleConfig> rules() {
        return rules;
    }

    /** The first matching rule, or the implicit {@value #DEFAULT_RULE_NAME} allow. */
    public RuleMatch match(Identity who, StatementFacts facts) {
        for (int i = 0; i < matches.length; i++) {
            if (matches(rules.get(i).when(), who, facts)) {
                return matches[i];
            }
        }
        return DEFAULT_MATCH;
    }

    private static boolean matches(RuleCondition when, Identity who, StatementFacts facts) {
        return (when.roles().isEmpty() || who.hasAnyRole(when.roles()))
                && (when.statements().isEmpty() || when.statements().contains(facts.kind()))
                && (when.tables().isEmpty() || intersects(when.tables(), facts.tables()))
                && (when.findings().isEmpty() || intersects(when.findings(), facts.findingTypes()));
    }

    private static boolean intersects(Set<String> wanted, Set<String> present) {
        Set<String> small = wanted.size() <= present.size() ? wanted : present;
        Set<String> large = small == wanted ? present : wanted;
        for (String value : small) {
            if (large.contains(value)) {
                return true;
            }
        }
        return false;
    }
}
