package io.tracegate.proxy.approval;

import static io.tracegate.proxy.approval.Requests.AGENT;
import static io.tracegate.proxy.approval.Requests.ALICE;
import static io.tracegate.proxy.approval.Requests.BOB;
import static io.tracegate.proxy.approval.Requests.MALLORY;
import static io.tracegate.proxy.approval.Requests.SELF_REVIEWER;
import static io.tracegate.proxy.approval.Requests.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.tracegate.proxy.approval.ApprovalDecision.Outcome;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApprovalServiceTest {

    @TempDir
    Path dataDir;

    private final List<ApprovalEvent> events = new CopyOnWriteArrayList<>();
    private ApprovalService service;

    @BeforeEach
    void start() {
        service = ApprovalService.builder().dataDir(dataDir).events(events::add).build();
    }

    @AfterEach
    void stop() {
        service.close();
    }

    private static ApprovalDecision await(PendingApproval pending) throws Exception {
        return pending.decision().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    /** Requests are recorded off the caller's thread; tests wait until one shows as pending. */
    private void awaitPending(String id) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (service.find(id).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(service.find(id)).as("request " + id + " recorded").isPresent();
    }

    @Test
    void aReviewerApprovesAndTheHeldSessionIsReleasedWithTheDecision() throws Exception {
        PendingApproval pending = service.submit(request());
        assertThat(pending.decision().toCompletableFuture()).isNotDone();
        awaitPending(pending.id());

        ApprovalView shown = service.pending().get(0);
        assertThat(shown.id()).isEqualTo(pending.id());
        assertThat(shown.requester()).isEqualTo("agent-7");
        assertThat(shown.maskedParameters()).containsExactly("agent-7", "curl <URL> | sh", null);

        DecisionResult result = service.decide(pending.id(), ALICE, true, "looks fine");
        assertThat(result).isInstanceOf(DecisionResult.Decided.class);
        assertThat(result.httpStatus()).isEqualTo(200);

        ApprovalDecision decision = await(pending);
        assertThat(decision.outcome()).isEqualTo(Outcome.APPROVED);
        assertThat(decision.reviewer()).isEqualTo("alice");
        assertThat(decision.reason()).isEqualTo("looks fine");
        assertThat(service.pending()).isEmpty();
        assertThat(service.recent(10)).extracting(ApprovalView::id).containsExactly(pending.id());
        assertThat(Requests.outcomes(events)).containsExactly("REQUESTED:PENDING", "DECIDED:APPROVED");
        assertThat(events.get(1).decision().orElseThrow().reviewer()).isEqualTo("alice");
    }

    @Test
    void rejectionCarriesTheReviewersReason() throws Exception {
        PendingApproval pending = service.submit(request());
        awaitPending(pending.id());
        service.decide(pending.id(), BOB, false, "sends data to an unknown host");
        ApprovalDecision decision = await(pending);
        assertThat(decision.outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(decision.reviewer()).isEqualTo("bob");
        assertThat(decision.reason()).isEqualTo("sends data to an unknown host");
    }

    @Test
    void onlyReviewersOfTheRuleDecideAndNeverTheRequesterItself() throws Exception {
        PendingApproval pending = service.submit(request());
        PendingApproval own = service.submit(request(SELF_REVIEWER, null));
        awaitPending(pending.id());
        awaitPending(own.id());

        assertThat(service.decide(pending.id(), MALLORY, true, "")).isInstanceOf(DecisionResult.Forbidden.class);
        assertThat(service.decide(pending.id(), AGENT, true, "").httpStatus()).isEqualTo(403);
        DecisionResult self = service.decide(own.id(), SELF_REVIEWER, true, "");
        assertThat(self.httpStatus()).isEqualTo(403);
        assertThat(((DecisionResult.Forbidden) self).message()).contains("its own request");

        assertThat(pending.decision().toCompletableFuture()).isNotDone();
        assertThat(own.decision().toCompletableFuture()).isNotDone();
        // The same request can still be decided by someone allowed to.
        assertThat(service.decide(own.id(), ALICE, true, "").httpStatus()).isEqualTo(200);
        assertThat(await(own).outcome()).isEqualTo(Outcome.APPROVED);
    }

    @Test
    void aRuleWithoutReviewerRolesCanBeDecidedByNobody() throws Exception {
        ApprovalRequest nobody = new ApprovalRequest("s-1", AGENT, "locked", java.util.Set.of(), null, "UPDATE t SET x = 1",
                List.of(), "");
        PendingApproval pending = service.submit(nobody);
        awaitPending(pending.id());
        assertThat(service.decide(pending.id(), BOB, true, "").httpStatus()).isEqualTo(403);
    }

    @Test
    void unknownIdsAre404AndSecondDecisionsAre409() throws Exception {
        assertThat(service.decide("nope", ALICE, true, "")).isInstanceOf(DecisionResult.NotFound.class);
        PendingApproval pending = service.submit(request());
        awaitPending(pending.id());
        assertThat(service.decide(pending.id(), ALICE, false, "no").httpStatus()).isEqualTo(200);
        DecisionResult again = service.decide(pending.id(), BOB, true, "yes");
        assertThat(again).isInstanceOf(DecisionResult.AlreadyDecided.class);
        assertThat(((DecisionResult.AlreadyDecided) again).approval().status()).isEqualTo("REJECTED");
        assertThat(await(pending).outcome()).isEqualTo(Outcome.REJECTED);
    }

    @Test
    void noDecisionWithinTheTimeoutEndsTheHoldAsTimedOut() throws Exception {
        long started = System.nanoTime();
        PendingApproval pending = service.submit(request(AGENT, Duration.ofMillis(200)));
        ApprovalDecision decision = await(pending);
        assertThat(decision.outcome()).isEqualTo(Outcome.TIMED_OUT);
        assertThat(decision.reviewer()).isNull();
        assertThat(decision.reason()).isEqualTo("no decision within 200ms");
        assertThat(System.nanoTime() - started).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(190));
        assertThat(service.decide(pending.id(), ALICE, true, "").httpStatus()).isEqualTo(409);
        assertThat(Requests.outcomes(events)).containsExactly("REQUESTED:PENDING", "DECIDED:TIMED_OUT");
    }

    @Test
    void aDecisionBeforeTheTimeoutStopsTheTimer() throws Exception {
        PendingApproval pending = service.submit(request(AGENT, Duration.ofMillis(300)));
        awaitPending(pending.id());
        service.decide(pending.id(), ALICE, true, "");
        assertThat(await(pending).outcome()).isEqualTo(Outcome.APPROVED);
        Thread.sleep(400);
        assertThat(Requests.outcomes(events)).containsExactly("REQUESTED:PENDING", "DECIDED:APPROVED");
    }

    @Test
    void aDisconnectedAgentCancelsItsRequest() throws Exception {
        PendingApproval pending = service.submit(request());
        pending.cancel();
        pending.cancel();
        ApprovalDecision decision = await(pending);
        assertThat(decision.outcome()).isEqualTo(Outcome.CANCELLED);
        assertThat(service.find(pending.id()).orElseThrow().status()).isEqualTo("CANCELLED");
        assertThat(service.decide(pending.id(), ALICE, true, "").httpStatus()).isEqualTo(409);
        assertThat(Requests.outcomes(events)).containsExactly("REQUESTED:PENDING", "DECIDED:CANCELLED");
    }

    @Test
    void closingEndsEveryHoldWithShutdownAndLaterRequestsToo() throws Exception {
        PendingApproval first = service.submit(request());
        PendingApproval second = service.submit(request(AGENT, Duration.ofMinutes(10)));
        service.close();
        assertThat(await(first).outcome()).isEqualTo(Outcome.SHUTDOWN);
        assertThat(await(second).outcome()).isEqualTo(Outcome.SHUTDOWN);
        PendingApproval late = service.submit(request());
        assertThat(await(late).outcome()).isEqualTo(Outcome.SHUTDOWN);
        assertThat(events).filteredOn(e -> e.kind() == ApprovalEvent.Kind.DECIDED).hasSize(3);
    }

    @Test
    void twentyHoldsDecidedInRandomOrderFromManyThreadsEachEndExactlyOnce() throws Exception {
        List<PendingApproval> holds = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            holds.add(service.submit(request()));
        }
        for (PendingApproval hold : holds) {
            awaitPending(hold.id());
        }
        List<PendingApproval> order = new ArrayList<>(holds);
        Collections.shuffle(order, new Random(42));
        ExecutorService reviewers = Executors.newFixedThreadPool(4);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<DecisionResult>> results = new ArrayList<>();
        try {
            for (int i = 0; i < order.size(); i++) {
                PendingApproval hold = order.get(i);
                boolean approve = i % 2 == 0;
                // Two reviewers race for every request; exactly one may win.
                results.add(reviewers.submit(() -> {
                    go.await();
                    return service.decide(hold.id(), ALICE, approve, "");
                }));
                results.add(reviewers.submit(() -> {
                    go.await();
                    return service.decide(hold.id(), BOB, approve, "");
                }));
            }
            go.countDown();
            int decided = 0;
            int conflicts = 0;
            for (Future<DecisionResult> result : results) {
                DecisionResult r = result.get(10, TimeUnit.SECONDS);
                if (r instanceof DecisionResult.Decided) {
                    decided++;
                } else if (r instanceof DecisionResult.AlreadyDecided) {
                    conflicts++;
                }
            }
            assertThat(decided).isEqualTo(20);
            assertThat(conflicts).isEqualTo(20);
        } finally {
            reviewers.shutdownNow();
        }
        CompletableFuture.allOf(holds.stream().map(h -> h.decision().toCompletableFuture())
                .toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
        for (int i = 0; i < order.size(); i++) {
            assertThat(await(order.get(i)).outcome()).isEqualTo(i % 2 == 0 ? Outcome.APPROVED : Outcome.REJECTED);
        }
        assertThat(events).filteredOn(e -> e.kind() == ApprovalEvent.Kind.DECIDED).hasSize(20);
        assertThat(service.pending()).isEmpty();
    }

    @Test
    void submitReturnsAtOnceAndTheDecisionCompletesOnAnotherThread() throws Exception {
        Thread caller = Thread.currentThread();
        PendingApproval pending = service.submit(request(AGENT, Duration.ofMillis(50)));
        CompletableFuture<Thread> completedOn = pending.decision().thenApply(d -> Thread.currentThread())
                .toCompletableFuture();
        assertThat(completedOn.get(5, TimeUnit.SECONDS)).isNotSameAs(caller);
    }
}
