package io.tracegate.proxy.approval;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One audit record of the approval flow: a request was made, or it was decided. Every request
 * and every decision produces exactly one, on the gateway replica that recorded it, so the
 * audit log answers who asked, who decided, when and why. Carries masked text only.
 *
 * @param approval the request as recorded; for {@link Kind#DECIDED} it carries the decision
 */
public record ApprovalEvent(Kind kind, ApprovalView approval, Instant at) {

    /** Which step of the flow this records. */
    public enum Kind { REQUESTED, DECIDED }

    public ApprovalEvent {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(approval, "approval");
        Objects.requireNonNull(at, "at");
        if (kind == Kind.DECIDED && approval.decision().isEmpty()) {
            throw new IllegalArgumentException("a DECIDED event needs the decision");
        }
    }

    /** The decision of a {@link Kind#DECIDED} event. */
    public Optional<ApprovalDecision> decision() {
        return approval.decision();
    }
}
