package io.tracegate.proxy.recording;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracegate.policy.ColumnKind;
import io.tracegate.policy.MaskStrategy;
import io.tracegate.policy.audit.AuditRedactor;
import io.tracegate.policy.config.RecordingConfig;
import io.tracegate.policy.detect.DetectorSet;
import io.tracegate.policy.mask.Masker;
import io.tracegate.policy.mask.ValueMasker;
import io.tracegate.policy.sql.ProtectedTables;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionRecorderTest {

    @TempDir
    Path dir;
    private final RecordingWriter writer = new RecordingWriter();

    @AfterEach
    void closeWriter() {
        writer.close();
    }

    private RecordingConfig config(boolean rows, long max) {
        return new RecordingConfig(true, dir.resolve("sessions"), rows, max);
    }

    @Test
    void recordsEveryMessageInOrderWithTimesAndMaskedFormsOnly() throws IOException {
        Instant before = Instant.now();
        SessionRecorder recorder = SessionRecorder.open(config(true, 0), "s-1", "agent-7", writer);
        recorder.clientMessage('Q', "INSERT INTO t VALUES ('<EMAIL>')", List.of());
        recorder.serverMessage('C', "INSERT 0 1");
        recorder.clientMessage('P', "SELECT reasoning FROM t WHERE id = $1", List.of());
        recorder.clientMessage('B', "unnamed portal", Arrays.asList("<REDACTED>", null));
        recorder.serverMessage('E', "23505 duplicate key value violates unique constraint");
        recorder.row(Arrays.asList("1", null, "<CREDIT_CARD:1111>"));
        recorder.close();
        writer.close();

        List<RecordedEntry> entries = read(onlyFile());

        assertThat(entries).extracting(RecordedEntry::kind).containsExactly(RecordedEntry.Kind.START,
                RecordedEntry.Kind.CLIENT, RecordedEntry.Kind.SERVER, RecordedEntry.Kind.CLIENT,
                RecordedEntry.Kind.CLIENT, RecordedEntry.Kind.SERVER, RecordedEntry.Kind.ROW, RecordedEntry.Kind.END);
        assertThat(entries.get(0).sessionId()).isEqualTo("s-1");
        assertThat(entries.get(0).identity()).isEqualTo("agent-7");
        assertThat(entries.get(1).type()).isEqualTo('Q');
        assertThat(entries.get(1).text()).isEqualTo("INSERT INTO t VALUES ('<EMAIL>')");
        assertThat(entries.get(2).text()).isEqualTo("INSERT 0 1");
        assertThat(entries.get(4).values()).containsExactly("<REDACTED>", null);
        assertThat(entries.get(6).values()).containsExactly("1", null, "<CREDIT_CARD:1111>");
        assertThat(entries).extracting(RecordedEntry::time).isSorted()
                .allSatisfy(time -> assertThat(time).isBetween(before.minusMillis(1), Instant.now()));
        assertThat(onlyFile().getFileName().toString()).matches("\\d{8}T\\d{6}Z_agent-7_s-1\\.jsonl");
    }

    @Test
    void whatThePolicyForwardsRawInStatementsOnProtectedTablesIsMaskedInTheFile() throws IOException {
        SessionRecorder recorder = SessionRecorder.open(config(true, 0), "s-7", "agent-7", redactor(), writer);
        recorder.clientMessage('Q', "UPDATE public.agent_traces SET agent = 'x'"
                + " WHERE reasoning = 'card 4111 1111 1111 1111'", List.of());
        recorder.clientMessage('P', "SELECT * FROM Agent_Traces WHERE payload->>'email' = 'jane@example.com'"
                + " AND id = $1", List.of());
        recorder.clientMessage('B', "bind", Arrays.asList(null, "ssn 123-45-6789"));
        recorder.serverMessage('E', "22P02 invalid input syntax for type bigint: \"4111 1111 1111 1111\"");
        recorder.clientMessage('Q', "SELECT 'jane@example.com' FROM pgbench_accounts", List.of());
        recorder.clientMessage('d', "copy data, 12 bytes", List.of());
        recorder.row(List.of("jane@example.com"));
        recorder.close();
        writer.close();

        List<RecordedEntry> entries = read(onlyFile());

        assertThat(entries.get(1).text()).isEqualTo("UPDATE public.agent_traces SET agent = 'x'"
                + " WHERE reasoning = 'card <CREDIT_CARD>'");
        assertThat(entries.get(2).text()).matches("SELECT \\* FROM Agent_Traces WHERE payload->>'email'"
                + " = '<EMAIL:[0-9a-f]{8}>' AND id = \\$1");
        assertThat(entries.get(3).values()).containsExactly(null, "ssn <US_SSN>");
        assertThat(entries.get(4).text()).isEqualTo("22P02 invalid input syntax for type bigint: \"<CREDIT_CARD>\"");
        // Not a protected table: the policy does not mask it, nor does the recording. Rows are as the client saw them.
        assertThat(entries.get(5).text()).isEqualTo("SELECT 'jane@example.com' FROM pgbench_accounts");
        assertThat(entries.get(6).text()).isEqualTo("copy data, 12 bytes");
        assertThat(entries.get(7).values()).containsExactly("jane@example.com");
    }

    private static AuditRedactor redactor() {
        return new AuditRedactor(ProtectedTables.of(Map.of("public.agent_traces", Map.of("reasoning", ColumnKind.TEXT))),
                new ValueMasker(DetectorSet.all(), new Masker(MaskStrategy.REDACT, Map.of("email", MaskStrategy.HASH),
                        "unit-key".getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void rowsAreLeftOutUnlessIncluded() throws IOException {
        SessionRecorder recorder = SessionRecorder.open(config(false, 0), "s-2", "agent-7", writer);
        assertThat(recorder.recordsRows()).isFalse();
        recorder.row(List.of("secret-looking-row"));
        recorder.serverMessage('C', "SELECT 1");
        recorder.close();
        writer.close();

        assertThat(read(onlyFile())).extracting(RecordedEntry::kind)
                .containsExactly(RecordedEntry.Kind.START, RecordedEntry.Kind.SERVER, RecordedEntry.Kind.END);
        assertThat(Files.readString(onlyFile())).doesNotContain("secret-looking-row");
    }

    @Test
    void aSessionStopsGrowingAtItsCapWithAMarker() throws IOException {
        SessionRecorder recorder = SessionRecorder.open(config(false, 4_096), "s-3", "agent-7", writer);
        for (int i = 0; i < 500; i++) {
            recorder.clientMessage('Q', "SELECT " + i + " FROM a_table_with_a_long_name", List.of());
        }
        recorder.close();
        writer.close();

        Path file = onlyFile();
        assertThat(Files.size(file)).isLessThanOrEqualTo(4_096);
        List<RecordedEntry> entries = read(file);
        RecordedEntry last = entries.get(entries.size() - 1);
        assertThat(last.kind()).isEqualTo(RecordedEntry.Kind.CAP);
        assertThat(last.text()).contains("max_session_size (4096 bytes)");
        assertThat(entries).filteredOn(entry -> entry.kind() == RecordedEntry.Kind.CLIENT).hasSizeBetween(20, 60);
    }

    @Test
    void everyMessageIsEitherRecordedOrCountedAsDropped() throws IOException {
        RecordingWriter tiny = new RecordingWriter(2);
        SessionRecorder recorder = SessionRecorder.open(config(false, 0), "s-4", "agent-7", tiny);
        for (int i = 0; i < 5_000; i++) {
            recorder.clientMessage('Q', "SELECT " + i, List.of());
        }
        recorder.close();
        tiny.close();

        List<RecordedEntry> entries = read(onlyFile());
        long recorded = entries.stream().filter(e -> e.kind() == RecordedEntry.Kind.CLIENT).count();
        long dropped = entries.stream().mapToLong(RecordedEntry::count).sum();
        assertThat(recorded + dropped).isEqualTo(5_000);
        assertThat(entries.get(entries.size() - 1).kind()).isEqualTo(RecordedEntry.Kind.END);
    }

    @Test
    void aDisabledRecorderWritesNothing() {
        SessionRecorder recorder = SessionRecorder.open(new RecordingConfig(false, dir.resolve("off"), true, 0),
                "s-5", "agent-7", AuditRedactor.NONE);
        recorder.clientMessage('Q', "SELECT 1", List.of());
        recorder.row(List.of("1"));
        recorder.close();

        assertThat(recorder.recordsRows()).isFalse();
        assertThat(dir.resolve("off")).doesNotExist();
    }

    @Test
    void followReadsALiveSessionUntilItEnds() throws Exception {
        SessionRecorder recorder = SessionRecorder.open(config(false, 0), "s-6", "agent-7", writer);
        recorder.clientMessage('Q', "SELECT 1", List.of());
        Path file = awaitFile();
        List<RecordedEntry> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<Void> following = CompletableFuture.runAsync(() -> {
            try {
                RecordingReader.follow(file, seen::add, () -> false);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (seen.size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(seen).hasSize(2);
        assertThat(following).isNotDone();

        recorder.serverMessage('C', "SELECT 1");
        recorder.close();
        following.get(10, TimeUnit.SECONDS);

        assertThat(seen).extracting(RecordedEntry::kind).containsExactly(RecordedEntry.Kind.START,
                RecordedEntry.Kind.CLIENT, RecordedEntry.Kind.SERVER, RecordedEntry.Kind.END);
    }

    @Test
    void fileNamesKeepOnlySafeCharacters() {
        assertThat(RecordingFiles.safe("../../etc/passwd")).isEqualTo("_._.._etc_passwd");
        assertThat(RecordingFiles.safe("agent 7/x")).isEqualTo("agent_7_x");
        assertThat(RecordingFiles.safe(null)).isEqualTo("unknown");
    }

    private Path awaitFile() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (Files.isDirectory(dir.resolve("sessions"))) {
                try (Stream<Path> files = Files.list(dir.resolve("sessions"))) {
                    List<Path> found = files.toList();
                    if (!found.isEmpty() && Files.size(found.get(0)) > 0) {
                        return found.get(0);
                    }
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no recording file appeared");
    }

    private Path onlyFile() throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("sessions"))) {
            List<Path> found = files.toList();
            assertThat(found).hasSize(1);
            return found.get(0);
        }
    }

    static List<RecordedEntry> read(Path file) throws IOException {
        List<RecordedEntry> entries = new ArrayList<>();
        RecordingReader.read(file, entries::add);
        assertThat(Files.readString(file, StandardCharsets.UTF_8)).endsWith("\n");
        return entries;
    }
}
