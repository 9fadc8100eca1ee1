package io.tracegate.policy.rules;

import io.tracegate.policy.config.RuleAction;
import io.tracegate.policy.config.RuleConfig;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The rule that decided a statement.
 *
 * @param ruleName  the rule's name, for audit events and error messages; {@value RuleSet#DEFAULT_RULE_NAME}
 *                  when no rule matched
 * @param reviewers roles whose holders may decide a {@link RuleAction#HOLD}
 * @param timeout   how long a hold may wait; empty = no limit
 */
public record RuleMatch(String ruleName, RuleAction action, Set<String> reviewers, Optional<Duration> timeout) {
    public RuleMatch {
        Objects.requireNonNull(ruleName, "ruleName");
        Objects.requireNonNull(action, "action");
        reviewers = Set.copyOf(reviewers);
        Objects.requireNonNull(timeout, "timeout");
    }

    static RuleMatch of(RuleConfig rule) {
        return new RuleMatch(rule.name(), rule.action(), rule.reviewers(), rule.timeout());
    }
}
