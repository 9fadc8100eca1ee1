package io.tracegate.policy.config;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One rule ({@code rules[]}); the first rule whose condition matches decides.
 *
 * @param reviewers roles whose holders may decide a {@link RuleAction#HOLD}; empty for other actions
 * @param timeout   how long a hold waits before it is rejected; only for {@code hold}, empty = no limit
 */
public record RuleConfig(String name, RuleCondition when, RuleAction action, Set<String> reviewers, Optional<Duration> timeout) {
    public RuleConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(when, "when");
        Objects.requireNonNull(action, "action");
        reviewers = Copies.orderedSet(reviewers);
        Objects.requireNonNull(timeout, "timeout");
    }
}
