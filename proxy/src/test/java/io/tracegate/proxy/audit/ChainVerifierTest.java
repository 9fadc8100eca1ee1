package io.tracegate.proxy.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChainVerifierTest {

    @TempDir
    Path dir;
    Path live;

    @BeforeEach
    void writeTenEvents() throws Exception {
        live = dir.resolve("audit.jsonl");
        FileAuditSink sink = new FileAuditSink(live, 0);
        sink.open();
        sink.write(IntStream.rangeClosed(1, 4).mapToObj(TestEvents::statement).toList());
        sink.write(IntStream.rangeClosed(5, 10).mapToObj(TestEvents::statement).toList());
        sink.close();
    }

    @Test
    void anUntouchedLogIsIntact() throws IOException {
        ChainVerifier.ChainReport report = ChainVerifier.verify(List.of(live));

        assertThat(report.intact()).isTrue();
        assertThat(report.records()).isEqualTo(10);
        assertThat(report.firstSeq()).isEqualTo(1);
        assertThat(report.lastSeq()).isEqualTo(10);
        assertThat(report.notes()).isEmpty();
    }

    @Test
    void anEditedLineIsNamed() throws IOException {
        List<String> lines = lines();
        lines.set(3, lines.get(3).replace("\"decision\":\"mask\"", "\"decision\":\"allow\""));
        write(lines);

        assertProblemAt(4, "altered");
    }

    @Test
    void anEditedLastLineIsCaughtByTheHeadFile() throws IOException {
        List<String> lines = lines();
        lines.set(9, lines.get(9).replace("agent-7", "agent-8"));
        write(lines);

        assertProblemAt(10, "head file");
    }

    @Test
    void aDeletedLineIsNamedWhereTheGapIs() throws IOException {
        List<String> lines = lines();
        lines.remove(5);
        write(lines);

        assertProblemAt(6, "seq jumps from 5 to 7");
    }

    @Test
    void reorderedLinesAreNamed() throws IOException {
        List<String> lines = lines();
        String third = lines.get(2);
        lines.set(2, lines.get(6));
        lines.set(6, third);
        write(lines);

        assertProblemAt(3, "seq jumps from 2 to 7");
    }

    @Test
    void aDuplicatedLineIsNamed() throws IOException {
        List<String> lines = lines();
        lines.add(4, lines.get(3));
        write(lines);

        assertProblemAt(5, "reordered or duplicated");
    }

    @Test
    void aLineCutShortIsNamed() throws IOException {
        List<String> lines = lines();
        lines.set(6, lines.get(6).substring(0, 40));
        write(lines);

        assertProblemAt(7, "not a chained audit record");
    }

    @Test
    void aFileCutInTheMiddleOfTheLastLineIsNamed() throws IOException {
        byte[] bytes = Files.readAllBytes(live);
        Files.write(live, java.util.Arrays.copyOf(bytes, bytes.length - 20));

        assertProblemAt(10, "incomplete last line");
    }

    @Test
    void linesCutFromTheEndAreCaughtByTheHeadFile() throws IOException {
        List<String> lines = lines();
        write(lines.subList(0, 7));

        assertProblemAt(8, "truncated: the head file records seq 10 but the log ends at seq 7");
    }

    @Test
    void withoutAHeadFileAShorterLogIsStillAConsistentChain() throws IOException {
        write(lines().subList(0, 7));
        Files.delete(AuditFiles.headFile(live));

        assertThat(ChainVerifier.verify(List.of(live)).intact()).isTrue();
    }

    @Test
    void aForgedFirstLineIsNamed() throws IOException {
        List<String> lines = lines();
        lines.remove(0);
        write(lines);

        ChainVerifier.ChainReport report = ChainVerifier.verify(List.of(live));
        // Without the first file the chain may legitimately start later; the report says so.
        assertThat(report.intact()).isTrue();
        assertThat(report.notes()).singleElement().asString().contains("starts the chain at seq 2");

        lines.set(0, lines.get(0).replace("\"seq\":2", "\"seq\":1"));
        write(lines);
        assertProblemAt(1, "must have \"prev\" 0000");
    }

    private void assertProblemAt(long line, String message) throws IOException {
        ChainVerifier.ChainReport report = ChainVerifier.verify(List.of(live));
        assertThat(report.intact()).isFalse();
        ChainChecker.Problem problem = report.problem().orElseThrow();
        assertThat(problem.source()).isEqualTo(live.toString());
        assertThat(problem.position()).isEqualTo(line);
        assertThat(problem.message()).contains(message);
        assertThat(problem.toString()).startsWith(live + ":" + line + ": ");
    }

    private List<String> lines() throws IOException {
        return new ArrayList<>(Files.readAllLines(live, StandardCharsets.UTF_8));
    }

    private void write(List<String> lines) throws IOException {
        Files.write(live, lines, StandardCharsets.UTF_8);
    }
}
