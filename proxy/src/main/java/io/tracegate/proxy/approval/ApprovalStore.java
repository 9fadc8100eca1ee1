package io.tracegate.proxy.approval;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where requests and decisions are kept. The store is the arbiter of a decision: whoever gets
 * {@link #decide} to return the decided view first (a reviewer, a timeout, a disconnect, a
 * shutdown) has decided, and everyone else sees 409. Every method may block on I/O, so the
 * service calls them off the event loops.
 */
interface ApprovalStore extends AutoCloseable {

    /** A request the store found undecided with nobody left to hold it, and how to close it. */
    record Orphan(ApprovalView approval, ApprovalDecision.Outcome outcome, String reason) {
    }

    /** Records a new pending request. */
    void insert(ApprovalView approval);

    Optional<ApprovalView> find(String id);

    /** Pending requests, oldest first. */
    List<ApprovalView> pending();

    /** Decided requests, newest decision first, at most {@code limit}. */
    List<ApprovalView> recent(int limit);

    /**
     * Records {@code decision} if the request is still pending.
     *
     * @return the decided request, or empty when it is unknown or was already decided
     */
    Optional<ApprovalView> decide(String id, ApprovalDecision decision);

    /**
     * Pending requests that no live gateway holds any more (left by a crash or a stopped
     * replica), so the service can record them as ended rather than leave them pending forever.
     */
    List<Orphan> orphans(Instant now);

    /** Whether other gateway replicas share this store (and decisions can arrive from them). */
    boolean shared();

    @Override
    void close();
}
