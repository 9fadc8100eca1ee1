package io.tracegate.policy.config;

/**
 * What happens to a statement whose rule matched ({@code rules[].action}). Whatever the action, a
 * write to a protected table always has its sensitive values masked before it is forwarded; the
 * action decides whether the statement is forwarded at all and whether it waits for a reviewer.
 */
public enum RuleAction {
    /** Forwarded (masked where it writes a protected table). */
    ALLOW,
    /** Forwarded with the sensitive values of declared columns masked; names declared tables only. */
    MASK,
    /** Refused with an error naming the rule. */
    BLOCK,
    /** The transaction waits for a reviewer holding one of the rule's reviewer roles. */
    HOLD
}
