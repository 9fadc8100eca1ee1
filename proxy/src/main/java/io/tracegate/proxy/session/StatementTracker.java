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

    /**
     * How it ended.
     *
     * @param unanswered why the server gave the statement no answer of its own; null when it did
     */
    public record Outcome(String commandTag, String sqlState, String unanswered) {
        static final Outcome SKIPPED = new Outcome(null, null, "not executed: an earlier statement of its batch failed");
        static final Outcome SESSION_ENDED = new Outcome(null, null, "no answer: the session ended first");

        /** Whether the server answered it (CommandComplete or an error). */
        public boolean executed() {
            return unanswered == null;
        }
    }

    /** Receives each completed statement. */
    public interface Listener {
        void completed(Pending pending, Outcome outcome, long endNanos);
    }

    private static final Pending BOUNDARY = new Pending(null, null, null, List.of(), 0, null, null);

    private final Deque<Pending> queue = new ArrayDeque<>();
    private final Listener listener;
    private boolean abandoned;

    StatementTracker(Listener listener) {
        this.listener = listener;
    }

    void sent(StatementSummary statement, Decision decision, List<String> parameters) {
        sent(statement, decision.label(), decision.ruleName(), parameters, null, null);
    }

    void sent(StatementSummary statement, String decision, String ruleName, List<String> parameters,
            String approvalId, String reviewer) {
        Pending pending = new Pending(statement, decision, ruleName, parameters, System.nanoTime(), approvalId, reviewer);
        if (abandoned) {
            // A hold decided after its client left: nothing will answer it, but it still gets its one outcome.
            listener.completed(pending, Outcome.SESSION_ENDED, pending.startNanos());
            return;
        }
        queue.addLast(pending);
    }

    void boundary() {
        queue.addLast(BOUNDARY);
    }

    void commandComplete(String tag) {
        complete(new Outcome(tag, null, null));
    }

    void error(String sqlState) {
        Pending head = pollStatement();
        long now = System.nanoTime();
        if (head != null) {
            listener.completed(head, new Outcome(null, sqlState, null), now);
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

    /** Whether the session has ended. */
    boolean abandoned() {
        return abandoned;
    }

    /** The session ended: whatever was still waiting gets no answer, nor will anything sent later. */
    void abandon() {
        abandoned = true;
        long now = System.nanoTime();
        while (!queue.isEmpty()) {
            Pending head = queue.pollFirst();
            if (head != BOUNDARY) {
                listener.completed(head, Outcome.SESSION_ENDED, now);
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
