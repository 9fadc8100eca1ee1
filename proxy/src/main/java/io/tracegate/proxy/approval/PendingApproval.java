package io.tracegate.proxy.approval;

import java.util.concurrent.CompletionStage;

/** A submitted request, held by the session that submitted it. */
public interface PendingApproval {

    /** The id reviewers use; the session names it in its NoticeResponse and error. */
    String id();

    /**
     * Completes exactly once with the decision, on whichever thread recorded it (never the
     * caller of {@link ApprovalService#submit}); a session hops back to its event loop itself.
     */
    CompletionStage<ApprovalDecision> decision();

    /**
     * The agent went away: ends the wait with {@link ApprovalDecision.Outcome#CANCELLED} unless a
     * decision was recorded first. Never blocks; safe to call more than once.
     */
    void cancel();
}
