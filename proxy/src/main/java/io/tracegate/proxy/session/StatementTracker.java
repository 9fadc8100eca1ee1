package io.tracegate.proxy.session;

import io.tracegate.policy.engine.Decision;
import io.tracegate.policy.engine.StatementSummary;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Pairs each statement the gateway forwarded with the server's answer to it, in order, so
 * every statement gets exactly one outcome for the audit log and metrics.
 *
 * <p>A simple Query queues one entry per statement, an Execute one; a boundary marks each
 * Query/Sync. CommandComplete, EmptyQueryResponse and PortalSuspended complete the oldest entry;
 * an ErrorResponse fails it, and the server then skips the rest of the batch, so entries up to
 * the boundary end as not executed; ReadyForQuery closes the batch.
 */
public final class StatementTracker {

    /**
     * A statement waiting for its answer.
     *
     * @param decision   allow, mask, block, hold, approved or rejected
     * @param approvalId set when the statement was held
     */
    public record Pending(StatementSummary statement, String decision, String ruleName, List<String> parameters,
            long startNanos, String approvalId, String reviewer) {
    }

    /** How it ended. */
    public record Outcome(String commandTag, String sqlState, boolean executed) {
        static final Outcome SKIPPED = new Outcome(null, null, false);
    }

    /** Receives each completed statement. */
    public interface Listener {
        void completed(Pending pending, Outcome outcome, long endNanos);
    }

    private static final Pending BOUNDARY = new Pending(null, null, null, List.of(), 0, null, null);

    private final Deque<Pending> queue = new ArrayDeque<>();
    private final Listener listener;

    StatementTracker(Listener listener) {
        this.listener = listener;
    }

    void sent(StatementSummary statement, Decision decision, List<String> parameters) {
        sent(statement, decision.label(), decision.ruleName(), parameters, null, null);
    }

    void sent(StatementSummary statement, String decision, String ruleName, List<String> parameters,
            String approvalId, String reviewer) {
        queue.addLast(new Pending(statement, decision, ruleName, parameters, System.nanoTime(), approvalId, reviewer));
    }

    void boundary() {
        queue.addLast(BOUNDARY);
    }

    void commandComplete(String tag) {
        complete(new Outcome(tag, null, true));
    }

    void error(String sqlState) {
        Pending head = pollStatement();
        long now = System.nanoTime();
        if (head != null) {
            listener.completed(head, new Outcome(null, sqlState, true), now);
        }
        while (!queue.isEmpty() && queue.peekFirst() != BOUNDARY) {
            listener.completed(queue.pollFirst(), Outcome.SKIPPED, now);
        }
    }

    void readyForQuery() {
        long now = System.nanoTime();
        while (!queue.isEmpty()) {
            Pending head = queue.pollFirst();
            if (head == BOUNDARY) {
                return;
            }
            listener.completed(head, Outcome.SKIPPED, now);
        }
    }

    /** The session ended: whatever was still waiting gets no answer. */
    void abandon() {
        long now = System.nanoTime();
        while (!queue.isEmpty()) {
            Pending head = queue.pollFirst();
            if (head != BOUNDARY) {
                listener.completed(head, Outcome.SKIPPED, now);
            }
        }
    }

    private void complete(Outcome outcome) {
        Pending head = pollStatement();
        if (head != null) {
            listener.completed(head, outcome, System.nanoTime());
        }
    }

    /** The oldest statement of the current batch; a boundary first means an answer for nothing we track. */
    private Pending pollStatement() {
        Pending head = queue.peekFirst();
        if (head == null || head == BOUNDARY) {
            return null;
        }
        return queue.pollFirst();
    }
}
