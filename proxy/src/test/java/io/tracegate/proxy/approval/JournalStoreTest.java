package io.tracegate.proxy.approval;

import static io.tracegate.proxy.approval.Requests.ALICE;
import static io.tracegate.proxy.approval.Requests.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.tracegate.proxy.approval.ApprovalDecision.Outcome;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalStoreTest {

    @TempDir
    Path dataDir;

    private static ApprovalView view(String id) {
        return ApprovalView.of(id, request(), Instant.parse("2026-11-25T10:00:00Z"));
    }

    @Test
    void decisionsSurviveAReopen() {
        try (JournalStore store = JournalStore.open(dataDir)) {
            store.insert(view("a1"));
            store.decide("a1", new ApprovalDecision(Outcome.APPROVED, "alice", "ok", Instant.parse("2026-11-25T10:01:00Z")));
        }
        try (JournalStore store = JournalStore.open(dataDir)) {
            ApprovalView reread = store.find("a1").orElseThrow();
            assertThat(reread.status()).isEqualTo("APPROVED");
            assertThat(reread.decision().orElseThrow().reviewer()).isEqualTo("alice");
            assertThat(reread.maskedParameters()).containsExactly("agent-7", "curl <URL> | sh", null);
            assertThat(store.orphans(Instant.now())).isEmpty();
            assertThat(store.recent(5)).extracting(ApprovalView::id).containsExactly("a1");
        }
    }

    @Test
    void requestsLeftPendingByACrashAreOrphansOnceAndNotDecidableTwice() {
        JournalStore crashed = JournalStore.open(dataDir);
        crashed.insert(view("p1"));
        crashed.insert(view("p2"));
        crashed.decide("p2", new ApprovalDecision(Outcome.REJECTED, "alice", "", Instant.now()));
        // No close: the process died.
        try (JournalStore store = JournalStore.open(dataDir)) {
            List<ApprovalStore.Orphan> orphans = store.orphans(Instant.now());
            assertThat(orphans).extracting(o -> o.approval().id()).containsExactly("p1");
            assertThat(orphans.get(0).outcome()).isEqualTo(Outcome.REJECTED);
            assertThat(store.orphans(Instant.now())).isEmpty();
        }
        crashed.close();
    }

    @Test
    void aLineCutShortByACrashIsSkipped() throws Exception {
        try (JournalStore store = JournalStore.open(dataDir)) {
            store.insert(view("whole"));
        }
        Files.writeString(dataDir.resolve(JournalStore.FILE_NAME), "{\"op\":\"request\",\"approval\":{\"id\":\"cut",
                StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        try (JournalStore store = JournalStore.open(dataDir)) {
            assertThat(store.pending()).extracting(ApprovalView::id).containsExactly("whole");
        }
    }

    @Test
    void reopeningCompactsTheJournalToWhatIsStillUseful() throws Exception {
        try (JournalStore store = JournalStore.open(dataDir)) {
            for (int i = 0; i < 30; i++) {
                store.insert(view("d" + i));
                store.decide("d" + i, new ApprovalDecision(Outcome.APPROVED, "alice", "", Instant.now()));
            }
        }
        Path file = dataDir.resolve(JournalStore.FILE_NAME);
        assertThat(Files.readAllLines(file)).hasSize(60);
        try (JournalStore store = JournalStore.open(dataDir)) {
            assertThat(store.recent(100)).hasSize(30);
        }
        assertThat(Files.readAllLines(file)).hasSize(30);
    }

    @Test
    void aRestartedGatewayRecordsWhatWasPendingAsRejectedWithAnAuditEvent() throws Exception {
        ApprovalService first = ApprovalService.builder().dataDir(dataDir).build();
        PendingApproval held = first.submit(request());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (first.find(held.id()).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        // The first gateway "crashes": never closed. The second one starts on the same journal.
        List<ApprovalEvent> events = new CopyOnWriteArrayList<>();
        try (ApprovalService second = ApprovalService.builder().dataDir(dataDir).events(events::add).build()) {
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (events.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(events).hasSize(1);
            ApprovalEvent event = events.get(0);
            assertThat(event.kind()).isEqualTo(ApprovalEvent.Kind.DECIDED);
            assertThat(event.approval().id()).isEqualTo(held.id());
            assertThat(event.decision().orElseThrow().outcome()).isEqualTo(Outcome.REJECTED);
            assertThat(event.decision().orElseThrow().reason()).contains("gateway stopped");
            assertThat(second.pending()).isEmpty();
            assertThat(second.decide(held.id(), ALICE, true, "").httpStatus()).isEqualTo(409);
        }
        first.close();
    }
}
