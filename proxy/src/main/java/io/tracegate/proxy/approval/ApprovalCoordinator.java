package io.tracegate.proxy.approval;

import io.tracegate.policy.Identity;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ApprovalService}: keeps the requests held by this gateway's sessions, ends them by
 * timeout, disconnect or shutdown, and lets reviewers decide through the store, which arbitrates
 * who decided first.
 *
 * <p>Threads: {@link #submit} and {@link Hold#cancel} only enqueue work, so sessions never wait.
 * One "tracegate-approvals" thread records requests, fires timeouts and ends holds, which keeps
 * each hold's steps in order (its request is stored before its cancel or timeout). Reviewers'
 * {@link #decide} calls run on the caller's thread; decisions from other replicas arrive through
 * {@link #decidedElsewhere}.
 */
final class ApprovalCoordinator implements ApprovalService {

    private static final Logger log = LoggerFactory.getLogger(ApprovalCoordinator.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    /** How long {@link #close} waits for the holds it ends to be recorded. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);

    private final ApprovalStore store;
    private final Consumer<ApprovalEvent> events;
    private final ApprovalNotifier notifier;
    private final Clock clock;
    private final ScheduledThreadPoolExecutor worker;
    private final ConcurrentMap<String, Hold> holds = new ConcurrentHashMap<>();
    private volatile boolean closed;

    ApprovalCoordinator(ApprovalStore store, Consumer<ApprovalEvent> events, ApprovalNotifier notifier, Clock clock,
            Duration orphanSweep) {
        this.store = store;
        this.events = events;
        this.notifier = notifier;
        this.clock = clock;
        this.worker = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "tracegate-approvals");
            thread.setDaemon(true);
            return thread;
        });
        worker.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        worker.setRemoveOnCancelPolicy(true);
        worker.execute(this::closeOrphans);
        if (store.shared() && orphanSweep != null) {
            worker.scheduleWithFixedDelay(this::closeOrphans, orphanSweep.toMillis(), orphanSweep.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    /** One request held by a session of this gateway. */
    private final class Hold implements PendingApproval {
        private final ApprovalView view;
        private final CompletableFuture<ApprovalDecision> decision = new CompletableFuture<>();
        private volatile ScheduledFuture<?> timer;

        Hold(ApprovalView view) {
            this.view = view;
        }

        @Override
        public String id() {
            return view.id();
        }

        @Override
        public CompletionStage<ApprovalDecision> decision() {
            return decision.minimalCompletionStage();
        }

        @Override
        public void cancel() {
            if (!decision.isDone()) {
                runOnWorker(() -> endByGateway(this, ApprovalDecision.Outcome.CANCELLED,
                        "the client disconnected while waiting"));
            }
        }

        @Override
        public String toString() {
            return "PendingApproval[" + view.id() + "]";
        }
    }

    @Override
    public PendingApproval submit(ApprovalRequest request) {
        Hold hold = new Hold(ApprovalView.of(newId(), request, clock.instant()));
        holds.put(hold.id(), hold);
        if (closed || !runOnWorker(() -> record(hold))) {
            // Stopping: nothing can be held any more. Still one request and one decision in the audit trail.
            emit(ApprovalEvent.Kind.REQUESTED, hold.view);
            ApprovalDecision shutdown = gatewayDecision(ApprovalDecision.Outcome.SHUTDOWN, "the gateway is stopping");
            emit(ApprovalEvent.Kind.DECIDED, hold.view.withDecision(shutdown));
            finish(hold.id(), shutdown);
        }
        return hold;
    }

    private void record(Hold hold) {
        if (hold.decision.isDone()) {
            return;
        }
        try {
            store.insert(hold.view);
        } catch (RuntimeException e) {
            // Fail closed: a request nobody can see cannot be approved, so it is rejected now.
            log.error("could not record approval request {}; rejecting it: {}", hold.id(), e.toString());
            emit(ApprovalEvent.Kind.REQUESTED, hold.view);
            ApprovalDecision rejected = gatewayDecision(ApprovalDecision.Outcome.REJECTED,
                    "the gateway could not record the approval request");
            emit(ApprovalEvent.Kind.DECIDED, hold.view.withDecision(rejected));
            finish(hold.id(), rejected);
            return;
        }
        emit(ApprovalEvent.Kind.REQUESTED, hold.view);
        notifier.requested(hold.view);
        Optional<Instant> deadline = hold.view.deadline();
        if (deadline.isPresent()) {
            long delay = Math.max(0, Duration.between(clock.instant(), deadline.get()).toMillis());
            String reason = "no decision within "
                    + WebhookMessages.format(Duration.between(hold.view.requestedAt(), deadline.get()));
            hold.timer = worker.schedule(() -> endByGateway(hold, ApprovalDecision.Outcome.TIMED_OUT, reason),
                    delay, TimeUnit.MILLISECONDS);
        }
    }

    /** Ends a hold without a reviewer (timeout, disconnect, shutdown), unless a decision got there first. */
    private void endByGateway(Hold hold, ApprovalDecision.Outcome outcome, String reason) {
        if (hold.decision.isDone()) {
            return;
        }
        ApprovalDecision decision = gatewayDecision(outcome, reason);
        Optional<ApprovalView> decided;
        try {
            decided = store.decide(hold.id(), decision);
        } catch (RuntimeException e) {
            // The hold ends all the same: the session must not wait for a store that is gone.
            log.error("could not record the {} of approval request {}: {}", outcome, hold.id(), e.toString());
            decided = Optional.of(hold.view.withDecision(decision));
        }
        if (decided.isPresent()) {
            emit(ApprovalEvent.Kind.DECIDED, decided.get());
            notifier.decided(decided.get());
            finish(hold.id(), decision);
        } else {
            decidedElsewhere(hold.id());
        }
    }

    @Override
    public DecisionResult decide(String id, Identity reviewer, boolean approve, String reason) {
        Optional<ApprovalView> found = store.find(id);
        if (found.isEmpty()) {
            return new DecisionResult.NotFound(id);
        }
        ApprovalView view = found.get();
        if (!reviewer.hasAnyRole(view.reviewerRoles())) {
            return new DecisionResult.Forbidden(reviewer.name() + " is not a reviewer for rule " + view.ruleName()
                    + " (reviewer roles: " + String.join(", ", view.reviewerRoles()) + ")");
        }
        if (reviewer.name().equals(view.requester())) {
            return new DecisionResult.Forbidden(reviewer.name() + " cannot decide its own request");
        }
        if (!view.pending()) {
            return new DecisionResult.AlreadyDecided(view);
        }
        ApprovalDecision decision = new ApprovalDecision(
                approve ? ApprovalDecision.Outcome.APPROVED : ApprovalDecision.Outcome.REJECTED,
                reviewer.name(), reason, clock.instant());
        Optional<ApprovalView> decided = store.decide(id, decision);
        if (decided.isEmpty()) {
            return new DecisionResult.AlreadyDecided(store.find(id).orElse(view));
        }
        emit(ApprovalEvent.Kind.DECIDED, decided.get());
        notifier.decided(decided.get());
        finish(id, decision);
        return new DecisionResult.Decided(decided.get());
    }

    /**
     * Another party recorded a decision for {@code id} (another replica, or a race this replica
     * lost): releases the local hold, if any, with the stored decision.
     */
    void decidedElsewhere(String id) {
        if (!holds.containsKey(id)) {
            return;
        }
        try {
            store.find(id).flatMap(ApprovalView::decision).ifPresent(decision -> finish(id, decision));
        } catch (RuntimeException e) {
            log.warn("could not read the decision of approval request {}: {}", id, e.toString());
        }
    }

    /** Checks every local hold against the store; after missed notifications (a reconnect) nothing stays stuck. */
    void reconcile() {
        holds.keySet().forEach(this::decidedElsewhere);
    }

    private void closeOrphans() {
        try {
            for (ApprovalStore.Orphan orphan : store.orphans(clock.instant())) {
                if (holds.containsKey(orphan.approval().id())) {
                    continue;
                }
                store.decide(orphan.approval().id(), gatewayDecision(orphan.outcome(), orphan.reason()))
                        .ifPresent(decided -> {
                            emit(ApprovalEvent.Kind.DECIDED, decided);
                            notifier.decided(decided);
                        });
            }
        } catch (RuntimeException e) {
            log.warn("could not close orphaned approval requests: {}", e.toString());
        }
    }

    private void finish(String id, ApprovalDecision decision) {
        Hold hold = holds.remove(id);
        if (hold != null) {
            ScheduledFuture<?> timer = hold.timer;
            if (timer != null) {
                timer.cancel(false);
            }
            hold.decision.complete(decision);
        }
    }

    @Override
    public List<ApprovalView> pending() {
        return store.pending();
    }

    @Override
    public List<ApprovalView> recent(int limit) {
        return store.recent(limit);
    }

    @Override
    public Optional<ApprovalView> find(String id) {
        return store.find(id);
    }

    /** Ends every hold with SHUTDOWN (recorded as such), then stops the worker, the notifier and the store. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Hold hold : holds.values()) {
            runOnWorker(() -> endByGateway(hold, ApprovalDecision.Outcome.SHUTDOWN, "the gateway is stopping"));
        }
        worker.shutdown();
        try {
            if (!worker.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                worker.shutdownNow();
            }
        } catch (InterruptedException e) {
            worker.shutdownNow();
            Thread.currentThread().interrupt();
        }
        // Whatever the worker could not record still must not leave a session waiting.
        ApprovalDecision shutdown = gatewayDecision(ApprovalDecision.Outcome.SHUTDOWN, "the gateway is stopping");
        holds.keySet().forEach(id -> finish(id, shutdown));
        notifier.close();
        store.close();
    }

    private boolean runOnWorker(Runnable task) {
        try {
            worker.execute(task);
            return true;
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return false;
        }
    }

    private ApprovalDecision gatewayDecision(ApprovalDecision.Outcome outcome, String reason) {
        return new ApprovalDecision(outcome, null, reason, clock.instant());
    }

    private void emit(ApprovalEvent.Kind kind, ApprovalView view) {
        try {
            events.accept(new ApprovalEvent(kind, view, clock.instant()));
        } catch (RuntimeException e) {
            log.error("the approval event listener failed on {} {}: {}", kind, view.id(), e.toString());
        }
    }

    private static String newId() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
