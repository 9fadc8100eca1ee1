package io.tracegate.policy.engine;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * What must happen to a statement, named after the rule that decided it. Whatever the decision,
 * values bound for a protected column have already been masked in what the verdict forwards.
 */
public sealed interface Decision {

    /** The rule that fired ({@code (default)} when none did). */
    String ruleName();

    /** The decision's name in audit events: allow, mask, block or hold. */
    String label();

    /** Forward as is. */
    record Allow(String ruleName) implements Decision {
        @Override
        public String label() {
            return "allow";
        }
    }

    /** Forward the rewritten form: sensitive values were replaced. */
    record Mask(String ruleName) implements Decision {
        @Override
        public String label() {
            return "mask";
        }
    }

    /**
     * Refuse with an ERROR carrying {@code sqlState} and {@code message}; {@code detail} says
     * which rule fired and why.
     */
    record Block(String ruleName, String sqlState, String message, String detail) implements Decision {
        public Block {
            Objects.requireNonNull(sqlState, "sqlState");
            Objects.requireNonNull(message, "message");
        }

        @Override
        public String label() {
            return "block";
        }
    }

    /** Hold the transaction until one of {@code reviewerRoles} decides, at most {@code timeout}. */
    record Hold(String ruleName, Set<String> reviewerRoles, Duration timeout) implements Decision {
        public Hold {
            reviewerRoles = Set.copyOf(reviewerRoles);
            Objects.requireNonNull(timeout, "timeout");
        }

        @Override
        public String label() {
            return "hold";
        }
    }
}
