package io.tracegate.proxy.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracegate.policy.audit.AuditEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileAuditSinkTest {

    @TempDir
    Path dir;

    @Test
    void rotatesBySizeAndContinuesTheChainInTheNextFile() throws Exception {
        Path live = dir.resolve("audit.jsonl");
        FileAuditSink sink = new FileAuditSink(live, 2_000);
        sink.open();
        for (int n = 1; n <= 30; n++) {
            sink.write(List.of(TestEvents.statement(n)));
        }
        sink.close();

        List<Path> rotated = AuditFiles.rotated(live);
        assertThat(rotated).hasSizeGreaterThan(2);
        assertThat(rotated.get(0).getFileName()).hasToString("audit-000000000001.jsonl");
        for (Path file : rotated) {
            assertThat(Files.size(file)).isLessThanOrEqualTo(2_000);
        }
        List<Path> chain = AuditFiles.chain(live);
        assertThat(chain).last().isEqualTo(live.toAbsolutePath());
        ChainVerifier.ChainReport report = ChainVerifier.verify(chain);
        assertThat(report.intact()).as("%s", report.problem()).isTrue();
        assertThat(report.records()).isEqualTo(30);
        assertThat(readEvents(chain)).containsExactlyElementsOf(
                IntStream.rangeClosed(1, 30).mapToObj(TestEvents::statement).toList());

        // The second file's first line carries the hash of the first file's last line.
        String secondFirst = Files.readAllLines(rotated.get(1)).get(0);
        List<String> firstLines = Files.readAllLines(rotated.get(0));
        assertThat(AuditChain.parse(secondFirst).prev()).isEqualTo(AuditChain.hash(firstLines.get(firstLines.size() - 1)));
        // Deleting a whole rotated file in the middle breaks the chain.
        assertThat(ChainVerifier.verify(withoutSecond(chain)).problem()).get().asString()
                .contains(rotated.get(2).toString() + ":1: seq jumps");
    }

    @Test
    void theHeadFileFollowsSyncsNotWrites() throws Exception {
        Path live = dir.resolve("audit.jsonl");
        FileAuditSink sink = new FileAuditSink(live, 0);
        sink.open();
        sink.write(List.of(TestEvents.statement(1), TestEvents.statement(2)));
        sink.sync();
        List<String> lines = Files.readAllLines(live);
        assertThat(AuditHead.read(live)).contains(new AuditHead(2, AuditChain.hash(lines.get(1))));

        sink.write(List.of(TestEvents.statement(3)));
        assertThat(AuditHead.read(live)).as("not synced yet: the head still names line 2")
                .contains(new AuditHead(2, AuditChain.hash(lines.get(1))));
        sink.close();
        lines = Files.readAllLines(live);
        assertThat(AuditHead.read(live)).as("close syncs").contains(new AuditHead(3, AuditChain.hash(lines.get(2))));
        assertThat(ChainVerifier.verify(List.of(live)).intact()).isTrue();
    }

    private static List<Path> withoutSecond(List<Path> chain) {
        List<Path> copy = new ArrayList<>(chain);
        copy.remove(1);
        return copy;
    }

    @Test
    void aReopenedSinkContinuesTheChainWhereTheFileEnds() throws Exception {
        Path live = dir.resolve("audit.jsonl");
        FileAuditSink first = new FileAuditSink(live, 0);
        assertThat(first.open()).isEmpty();
        first.write(List.of(TestEvents.statement(1), TestEvents.statement(2)));
        first.close();

        FileAuditSink second = new FileAuditSink(live, 0);
        assertThat(second.open()).isEmpty();
        second.write(List.of(TestEvents.statement(3)));
        second.close();

        assertThat(ChainVerifier.verify(List.of(live)).records()).isEqualTo(3);
        assertThat(ChainVerifier.verify(List.of(live)).intact()).isTrue();
    }

    @Test
    void aReopenedSinkContinuesFromTheNewestRotatedFileWhenTheLiveOneIsEmpty() throws Exception {
        Path live = dir.resolve("audit.jsonl");
        FileAuditSink sink = new FileAuditSink(live, 600);
        sink.open();
        sink.write(List.of(TestEvents.statement(1)));
        sink.write(List.of(TestEvents.statement(2)));
        sink.close();
        Files.move(live, AuditFiles.rotatedName(live, 2));
        Files.createFile(live);

        FileAuditSink reopened = new FileAuditSink(live, 600);
        reopened.open();
        reopened.write(List.of(TestEvents.statement(3)));
        reopened.close();

        ChainVerifier.ChainReport report = ChainVerifier.verify(AuditFiles.chain(live));
        assertThat(report.intact()).as("%s", report.problem()).isTrue();
        assertThat(report.lastSeq()).isEqualTo(3);
    }

    @Test
    void anIncompleteLastLineLeftByACrashIsCutAndReported() throws Exception {
        Path live = dir.resolve("audit.jsonl");
        FileAuditSink sink = new FileAuditSink(live, 0);
        sink.open();
        sink.write(List.of(TestEvents.statement(1)));
        sink.close();
        Files.writeString(live, "{\"seq\":2,\"prev\":\"ab", StandardOpenOption.APPEND);

        FileAuditSink reopened = new FileAuditSink(live, 0);
        List<String> notes = reopened.open();
        reopened.write(List.of(TestEvents.statement(2)));
        reopened.close();

        assertThat(notes).singleElement().asString().contains("incomplete last line (19 bytes)");
        assertThat(ChainVerifier.verify(List.of(live)).intact()).isTrue();
        assertThat(ChainVerifier.verify(List.of(live)).records()).isEqualTo(2);
    }

    @Test
    void refusesToContinueAChainWhoseLastLineIsNotARecord() throws Exception {
        Path live = dir.resolve("audit.jsonl");
        Files.writeString(live, "hello\n");

        FileAuditSink sink = new FileAuditSink(live, 0);
        assertThatThrownBy(sink::open).isInstanceOf(IOException.class)
                .hasMessageContaining("cannot continue the audit chain");
    }

    @Test
    void longLinesAreFoundWhenResuming() throws Exception {
        Path live = dir.resolve("audit.jsonl");
        FileAuditSink sink = new FileAuditSink(live, 0);
        sink.open();
        String big = "x".repeat(50_000);
        sink.write(List.of(TestEvents.statement(1).toBuilder().statementText(big).build()));
        sink.close();

        FileAuditSink reopened = new FileAuditSink(live, 0);
        reopened.open();
        reopened.write(List.of(TestEvents.statement(2).toBuilder().statementText(big).build()));
        reopened.close();

        assertThat(ChainVerifier.verify(List.of(live)).intact()).isTrue();
        assertThat(ChainVerifier.verify(List.of(live)).records()).isEqualTo(2);
    }

    static List<AuditEvent> readEvents(List<Path> files) throws IOException {
        List<AuditEvent> events = new ArrayList<>();
        for (Path file : files) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                events.add(AuditChain.parse(line).event());
            }
        }
        return events;
    }
}
