package io.tracegate.it.approval;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracegate.it.support.PostgresFixture;
import io.tracegate.policy.Identity;
import io.tracegate.policy.config.JdbcConfig;
import io.tracegate.policy.config.StateConfig;
import io.tracegate.policy.config.StateStoreKind;
import io.tracegate.proxy.approval.ApprovalDecision;
import io.tracegate.proxy.approval.ApprovalDecision.Outcome;
import io.tracegate.proxy.approval.ApprovalEvent;
import io.tracegate.proxy.approval.ApprovalRequest;
import io.tracegate.proxy.approval.ApprovalService;
import io.tracegate.proxy.approval.ApprovalView;
import io.tracegate.proxy.approval.DecisionResult;
import io.tracegate.proxy.approval.PendingApproval;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two gateway replicas sharing one control database (state.store: postgres): a request held on
 * one is seen and decided on the other, and LISTEN/NOTIFY releases it where it is held.
 */
class SharedApprovalStoreTest {

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static final Identity AGENT = new Identity("agent-7", Set.of("agent"));
    private static final Identity ALICE = new Identity("alice", Set.of("reviewer"));
    private static final Identity BOB = new Identity("bob", Set.of("reviewer"));

    private final PostgresFixture postgres = PostgresFixture.shared();
    private String controlDatabase;
    private StateConfig state;
    private final List<ApprovalEvent> eventsA = new CopyOnWriteArrayList<>();
    private final List<ApprovalEvent> eventsB = new CopyOnWriteArrayList<>();
    private ApprovalService replicaA;
    private ApprovalService replicaB;

    @BeforeEach
    void start() throws Exception {
        controlDatabase = "tracegate_control_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        String url = postgres.createDatabase(controlDatabase);
        state = new StateConfig(StateStoreKind.POSTGRES, new JdbcConfig(Optional.of(url),
                Optional.of(postgres.superuser()), Optional.of(postgres.superuserPassword())));
        replicaA = ApprovalService.builder().state(state).events(eventsA::add).build();
        replicaB = ApprovalService.builder().state(state).events(eventsB::add).build();
    }

    @AfterEach
    void stop() {
        replicaA.close();
        replicaB.close();
    }

    private static ApprovalRequest request(Duration timeout) {
        return new ApprovalRequest("session-1", AGENT, "possible-exfiltration", Set.of("reviewer"), timeout,
                "INSERT INTO public.agent_traces (agent, reasoning) VALUES ($1, $2)",
                Arrays.asList("agent-7", null), "127.0.0.1:40000");
    }

    private static ApprovalDecision await(PendingApproval pending) throws Exception {
        return pending.decision().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static ApprovalView awaitVisible(ApprovalService on, String id) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            Optional<ApprovalView> found = on.find(id);
            if (found.isPresent()) {
                return found.get();
            }
            Thread.sleep(10);
        }
        throw new AssertionError("request " + id + " never became visible");
    }

    @Test
    void aDecisionOnOneReplicaReleasesTheHoldOnTheOther() throws Exception {
        PendingApproval held = replicaA.submit(request(null));
        ApprovalView seen = awaitVisible(replicaB, held.id());
        assertThat(seen.maskedParameters()).containsExactly("agent-7", null);
        assertThat(replicaB.pending()).extracting(ApprovalView::id).containsExactly(held.id());

        long started = System.nanoTime();
        DecisionResult result = replicaB.decide(held.id(), ALICE, true, "ok from replica B");
        assertThat(result.httpStatus()).isEqualTo(200);
        ApprovalDecision decision = await(held);
        long releasedAfterMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        System.err.println("SharedApprovalStoreTest: hold released on replica A " + releasedAfterMillis
                + " ms after the decision on replica B");
        assertThat(decision.outcome()).isEqualTo(Outcome.APPROVED);
        assertThat(decision.reviewer()).isEqualTo("alice");
        assertThat(decision.reason()).isEqualTo("ok from replica B");
        assertThat(releasedAfterMillis).isLessThan(2_000);

        // One audit event per step, each on the replica that recorded it.
        assertThat(eventsA).extracting(ApprovalEvent::kind).containsExactly(ApprovalEvent.Kind.REQUESTED);
        assertThat(eventsB).extracting(ApprovalEvent::kind).containsExactly(ApprovalEvent.Kind.DECIDED);
        assertThat(replicaA.pending()).isEmpty();
        assertThat(replicaA.recent(5)).extracting(ApprovalView::status).containsExactly("APPROVED");
    }

    @Test
    void rulesOfWhoMayDecideHoldAcrossReplicas() throws Exception {
        PendingApproval held = replicaA.submit(request(null));
        awaitVisible(replicaB, held.id());
        assertThat(replicaB.decide(held.id(), AGENT, true, "").httpStatus()).isEqualTo(403);
        assertThat(replicaB.decide("unknown", ALICE, true, "").httpStatus()).isEqualTo(404);
        assertThat(replicaB.decide(held.id(), ALICE, false, "no").httpStatus()).isEqualTo(200);
        assertThat(replicaA.decide(held.id(), BOB, true, "").httpStatus()).isEqualTo(409);
        assertThat(await(held).outcome()).isEqualTo(Outcome.REJECTED);
    }

    @Test
    void reviewersRacingOnTwoReplicasDecideEachRequestExactlyOnce() throws Exception {
        List<PendingApproval> holds = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            holds.add((i % 2 == 0 ? replicaA : replicaB).submit(request(null)));
        }
        for (PendingApproval hold : holds) {
            awaitVisible(replicaA, hold.id());
            awaitVisible(replicaB, hold.id());
        }
        ExecutorService reviewers = Executors.newFixedThreadPool(4);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<DecisionResult>> results = new ArrayList<>();
        try {
            for (PendingApproval hold : holds) {
                results.add(reviewers.submit(() -> {
                    go.await();
                    return replicaA.decide(hold.id(), ALICE, true, "");
                }));
                results.add(reviewers.submit(() -> {
                    go.await();
                    return replicaB.decide(hold.id(), BOB, false, "");
                }));
            }
            go.countDown();
            int decided = 0;
            for (Future<DecisionResult> result : results) {
                if (result.get(10, TimeUnit.SECONDS) instanceof DecisionResult.Decided) {
                    decided++;
                }
            }
            assertThat(decided).isEqualTo(10);
        } finally {
            reviewers.shutdownNow();
        }
        for (PendingApproval hold : holds) {
            ApprovalDecision decision = await(hold);
            ApprovalView stored = replicaA.find(hold.id()).orElseThrow();
            assertThat(stored.decision().orElseThrow().outcome()).isEqualTo(decision.outcome());
        }
        long decidedEvents = eventsA.stream().filter(e -> e.kind() == ApprovalEvent.Kind.DECIDED).count()
                + eventsB.stream().filter(e -> e.kind() == ApprovalEvent.Kind.DECIDED).count();
        assertThat(decidedEvents).isEqualTo(10);
    }

    @Test
    void theHoldingReplicaTimesOutAndEveryReplicaSeesIt() throws Exception {
        PendingApproval held = replicaA.submit(request(Duration.ofMillis(300)));
        assertThat(await(held).outcome()).isEqualTo(Outcome.TIMED_OUT);
        assertThat(replicaB.find(held.id()).orElseThrow().status()).isEqualTo("TIMED_OUT");
        assertThat(replicaB.decide(held.id(), ALICE, true, "").httpStatus()).isEqualTo(409);
    }

    @Test
    void aCancelAndAShutdownAreRecordedForEveryReplicaToSee() throws Exception {
        PendingApproval cancelled = replicaA.submit(request(null));
        PendingApproval stopped = replicaA.submit(request(null));
        awaitVisible(replicaB, stopped.id());
        cancelled.cancel();
        assertThat(await(cancelled).outcome()).isEqualTo(Outcome.CANCELLED);
        replicaA.close();
        assertThat(await(stopped).outcome()).isEqualTo(Outcome.SHUTDOWN);
        assertThat(replicaB.find(cancelled.id()).orElseThrow().status()).isEqualTo("CANCELLED");
        assertThat(replicaB.find(stopped.id()).orElseThrow().status()).isEqualTo("SHUTDOWN");
        assertThat(replicaB.pending()).isEmpty();
    }

    @Test
    void aRequestLeftPendingByAReplicaThatDiedIsClosedByTheSweepOfAnother() throws Exception {
        PendingApproval held = replicaA.submit(request(Duration.ofMinutes(10)));
        awaitVisible(replicaB, held.id());
        // Replica A "dies": its row stays pending, with a deadline that has passed.
        try (Connection connection = postgres.connect(controlDatabase, postgres.superuser(), postgres.superuserPassword());
             Statement statement = connection.createStatement()) {
            statement.executeUpdate("UPDATE tracegate_approvals SET deadline = now() - interval '1 minute'"
                    + " WHERE id = '" + held.id() + "'");
        }
        List<ApprovalEvent> eventsC = new CopyOnWriteArrayList<>();
        try (ApprovalService replicaC = ApprovalService.builder().state(state).events(eventsC::add)
                .orphanSweep(Duration.ofMillis(100)).orphanGrace(Duration.ofSeconds(1)).build()) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (eventsC.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(eventsC).hasSize(1);
            assertThat(eventsC.get(0).decision().orElseThrow().outcome()).isEqualTo(Outcome.TIMED_OUT);
            assertThat(eventsC.get(0).decision().orElseThrow().reason()).contains("no gateway replica");
        }
        assertThat(replicaB.find(held.id()).orElseThrow().status()).isEqualTo("TIMED_OUT");
        // Had replica A lived on, its hold would now be released rather than left waiting.
        assertThat(await(held).outcome()).isEqualTo(Outcome.TIMED_OUT);
    }

    @Test
    void aDecisionMadeWhileTheListenerWasCutOffStillArrives() throws Exception {
        PendingApproval held = replicaA.submit(request(null));
        awaitVisible(replicaB, held.id());
        try (Connection connection = postgres.connectAsSuperuser(); Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    + " WHERE application_name = 'tracegate-approvals-listen'");
        }
        assertThat(replicaB.decide(held.id(), ALICE, true, "").httpStatus()).isEqualTo(200);
        assertThat(await(held).outcome()).isEqualTo(Outcome.APPROVED);
    }
}
