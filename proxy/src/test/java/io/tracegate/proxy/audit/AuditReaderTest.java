package io.tracegate.proxy.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tracegate.policy.audit.AuditEvent;
import io.tracegate.policy.config.AuditConfig;
import io.tracegate.policy.config.AuditFailureMode;
import io.tracegate.policy.config.AuditSinkKind;
import io.tracegate.policy.config.JdbcConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditReaderTest {

    @TempDir
    Path dir;
    Path live;

    @BeforeEach
    void writeTwentyEventsThroughTheLogInTwoRuns() {
        live = dir.resolve("audit.jsonl");
        AuditConfig config = new AuditConfig(AuditSinkKind.FILE, live, JdbcConfig.NONE, AuditFailureMode.BLOCK, 1_500);
        // Two runs: the second one's first batch finds the file past rotate_size and rotates it.
        try (AuditLog auditLog = AuditLog.create(config, new SimpleMeterRegistry())) {
            IntStream.rangeClosed(1, 10).mapToObj(TestEvents::statement).forEach(auditLog::append);
        }
        try (AuditLog auditLog = AuditLog.create(config, new SimpleMeterRegistry())) {
            IntStream.rangeClosed(11, 20).mapToObj(TestEvents::statement).forEach(auditLog::append);
        }
    }

    @Test
    void theLogWroteAnIntactRotatedChain() throws IOException {
        assertThat(AuditFiles.rotated(live)).isNotEmpty();
        ChainVerifier.ChainReport report = ChainVerifier.verify(AuditFiles.chain(live));
        assertThat(report.intact()).isTrue();
        assertThat(report.records()).isEqualTo(20);
    }

    @Test
    void filtersByIdentity() throws IOException {
        assertThat(query(filter().identity("agent-9")))
                .extracting(AuditEvent::identity).hasSize(10).containsOnly("agent-9");
    }

    @Test
    void filtersByTableWithOrWithoutSchema() throws IOException {
        assertThat(query(filter().table("public.notes"))).hasSize(10);
        assertThat(query(filter().table("NOTES"))).hasSize(10);
        assertThat(query(filter().table("other.notes"))).isEmpty();
        assertThat(query(filter().table("otes"))).isEmpty();
    }

    @Test
    void filtersByDecisionAndEventType() throws IOException {
        assertThat(query(filter().decision("block"))).extracting(AuditEvent::sqlState).hasSize(4).containsOnly("42501");
        assertThat(query(filter().decision("BLOCK").eventType("statement"))).hasSize(4);
        assertThat(query(filter().eventType("connection_open"))).isEmpty();
    }

    @Test
    void filtersByTimeSinceInclusiveUntilExclusive() throws IOException {
        Instant since = TestEvents.START.plusSeconds(5);
        Instant until = TestEvents.START.plusSeconds(9);

        assertThat(query(filter().since(since).until(until))).extracting(AuditEvent::time)
                .containsExactly(since, since.plusSeconds(1), since.plusSeconds(2), since.plusSeconds(3));
    }

    @Test
    void combinedFilters() throws IOException {
        assertThat(query(filter().identity("agent-7").decision("block").since(TestEvents.START.plusSeconds(11))))
                .extracting(AuditEvent::time).containsExactly(TestEvents.START.plusSeconds(20));
    }

    @Test
    void damagedLinesAreReportedAndSkipped() throws IOException {
        Files.writeString(live, "not json\n", java.nio.file.StandardOpenOption.APPEND);
        List<String> bad = new ArrayList<>();
        List<AuditEvent> events = new ArrayList<>();

        AuditReader.read(AuditFiles.chain(live), AuditFilter.ALL, events::add, bad::add);

        assertThat(events).hasSize(20);
        assertThat(bad).singleElement().asString().startsWith(live.toAbsolutePath() + ":")
                .contains("skipped, not a chained audit record");
    }

    private List<AuditEvent> query(FilterBuilder filter) throws IOException {
        List<AuditEvent> events = new ArrayList<>();
        AuditReader.read(AuditFiles.chain(live), filter.build(), events::add, bad -> {
            throw new AssertionError(bad);
        });
        return events;
    }

    private static FilterBuilder filter() {
        return new FilterBuilder();
    }

    private static final class FilterBuilder {
        private String identity;
        private String table;
        private String decision;
        private String eventType;
        private Instant since;
        private Instant until;

        FilterBuilder identity(String value) {
            identity = value;
            return this;
        }

        FilterBuilder table(String value) {
            table = value;
            return this;
        }

        FilterBuilder decision(String value) {
            decision = value;
            return this;
        }

        FilterBuilder eventType(String value) {
            eventType = value;
            return this;
        }

        FilterBuilder since(Instant value) {
            since = value;
            return this;
        }

        FilterBuilder until(Instant value) {
            until = value;
            return this;
        }

        AuditFilter build() {
            return new AuditFilter(Optional.ofNullable(identity), Optional.ofNullable(table),
                    Optional.ofNullable(decision), Optional.ofNullable(eventType), Optional.ofNullable(since),
                    Optional.ofNullable(until));
        }
    }
}
