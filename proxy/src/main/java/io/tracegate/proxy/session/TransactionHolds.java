package io.tracegate.proxy.session;

import io.tracegate.policy.engine.Decision;
import io.tracegate.policy.engine.StatementSummary;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Where a session takes a statement that must wait for a reviewer. The stage completes (on any
 * thread) once someone decides, the request times out, or it is cancelled.
 */
public interface TransactionHolds {

    /**
     * How a hold ended: approved, or refused with the error the agent must see.
     *
     * @param reviewer who decided; null for a timeout, a cancel or a shutdown
     */
    public record Outcome(boolean approved, String approvalId, String reviewer, String sqlState, String message,
            String detail) {
        public static Outcome approved(String approvalId, String reviewer) {
            return new Outcome(true, approvalId, reviewer, null, null, null);
        }

        public static Outcome refused(String approvalId, String reviewer, String sqlState, String message, String detail) {
            return new Outcome(false, approvalId, reviewer, sqlState, message, detail);
        }

        public String decisionLabel() {
            return approved ? "approved" : "rejected";
        }
    }

    CompletionStage<Outcome> hold(Decision.Hold decision, StatementSummary statement, List<String> parameters);

    /** The session is ending: cancel whatever it still has waiting. */
    void cancelAll();
}
