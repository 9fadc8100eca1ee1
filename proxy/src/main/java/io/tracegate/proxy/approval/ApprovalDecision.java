package io.tracegate.proxy.approval;

import java.time.Instant;
import java.util.Objects;

/**
 * How a held request ended.
 *
 * @param reviewer   the identity that decided; null unless a person decided
 *                   ({@link Outcome#APPROVED} or {@link Outcome#REJECTED} by a reviewer)
 * @param reason     the reviewer's reason, or why the gateway ended the wait; never null, may be empty
 * @param decidedAt  when the decision was recorded
 */
public record ApprovalDecision(Outcome outcome, String reviewer, String reason, Instant decidedAt) {

    /** The ways a request can end; only {@link #APPROVED} lets the transaction proceed. */
    public enum Outcome {
        APPROVED,
        REJECTED,
        /** The rule's timeout passed with no decision. */
        TIMED_OUT,
        /** The agent disconnected while it waited. */
        CANCELLED,
        /** The gateway stopped (or restarted) while the request was pending. */
        SHUTDOWN
    }

    public ApprovalDecision {
        Objects.requireNonNull(outcome, "outcome");
        reason = reason == null ? "" : reason;
        Objects.requireNonNull(decidedAt, "decidedAt");
    }

    public boolean approved() {
        return outcome == Outcome.APPROVED;
    }
}
