package io.tracegate.it.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracegate.it.support.GatewayFixture;
import io.tracegate.proxy.audit.AuditFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tracegate audit verify} over the file a real gateway wrote, rotated across several
 * files: intact it passes; a copy with a line edited, deleted, reordered or cut, or with lines
 * or a whole file missing, fails and names the first bad line.
 */
class AuditVerifyTest {

    /** The live file and its rotated predecessors, as the gateway left them (never changed by a test). */
    private static List<Path> chain;
    private static int events;

    @BeforeAll
    static void writeAnAuditLogThroughTheGateway() throws Exception {
        GatewayFixture gateway = GatewayFixture.builder().policy(Policies.fileAudit("4KB")).start();
        try {
            try (Connection connection = Agents.jdbc(gateway, "observe-verify");
                    Statement statement = connection.createStatement();
                    PreparedStatement insert = connection.prepareStatement(
                            "INSERT INTO agent_traces (agent, reasoning) VALUES ('observe-verify', ?)")) {
                for (int i = 0; i < 40; i++) {
                    statement.execute("SELECT " + i);
                    insert.setString(1, "step " + i + " mailed to ops" + i + "@example.com");
                    insert.executeUpdate();
                }
            }
            Agents.PsqlResult psql = Agents.psql(gateway, "observe-verify-psql", "SELECT 1; SELECT 2");
            assertThat(psql.exitCode()).as(psql.output()).isZero();
        } finally {
            gateway.close(); // writes everything queued: the files are final from here on
        }
        chain = AuditFiles.chain(gateway.auditFile());
        events = AuditTrail.read(chain).size();
    }

    @Test
    void theGatewaysRotatedLogVerifies() {
        assertThat(chain).as("rotated at 4KB").hasSizeGreaterThan(2);

        Cli.Result result = verify(chain);

        assertThat(result.exitCode()).as("%s", result).isZero();
        assertThat(result.out()).contains(chain.size() + " files: " + events + " record(s), seq 1.." + events
                + ", chain intact");
        // Two sessions opened and closed, 80 statements from pgjdbc and 2 from psql: one event each.
        assertThat(events).isEqualTo(2 + 80 + 2 + 2);
    }

    @Test
    void anEditedLineFails(@TempDir Path dir) throws IOException {
        List<Path> copy = copy(dir);
        // Which file holds a masked statement mid-file depends on how the writer batched: look in all.
        Path file = null;
        List<String> lines = null;
        int edited = -1;
        for (Path candidate : copy) {
            List<String> candidateLines = lines(candidate);
            int index = middleIndexOf(candidateLines, "\"decision\":\"mask\"");
            if (index >= 0) {
                file = candidate;
                lines = candidateLines;
                edited = index;
                break;
            }
        }
        assertThat(file).as("a line in the middle of some file records a masked statement").isNotNull();
        lines.set(edited, lines.get(edited).replace("\"decision\":\"mask\"", "\"decision\":\"allow\""));
        Files.write(file, lines, StandardCharsets.UTF_8);

        Cli.Result result = verify(copy);

        assertThat(result.exitCode()).as("%s", result).isEqualTo(1);
        assertThat(result.err()).contains(file + ":" + (edited + 1) + ": altered").contains("audit chain BROKEN");
    }

    @Test
    void aDeletedLineFails(@TempDir Path dir) throws IOException {
        List<Path> copy = copy(dir);
        Path file = firstWithLines(copy, 3);
        List<String> lines = lines(file);
        lines.remove(2);
        Files.write(file, lines, StandardCharsets.UTF_8);

        Cli.Result result = verify(copy);

        assertThat(result.exitCode()).as("%s", result).isEqualTo(1);
        assertThat(result.err()).contains(file + ":3: seq jumps");
    }

    @Test
    void reorderedLinesFail(@TempDir Path dir) throws IOException {
        List<Path> copy = copy(dir);
        Path file = firstWithLines(copy, 3);
        List<String> lines = lines(file);
        lines.add(1, lines.remove(2));
        Files.write(file, lines, StandardCharsets.UTF_8);

        Cli.Result result = verify(copy);

        assertThat(result.exitCode()).as("%s", result).isEqualTo(1);
        assertThat(result.err()).contains(file + ":2: seq jumps");
    }

    @Test
    void aTruncatedLineFails(@TempDir Path dir) throws IOException {
        List<Path> copy = copy(dir);
        Path live = copy.get(copy.size() - 1);
        byte[] bytes = Files.readAllBytes(live);
        Files.write(live, Arrays.copyOf(bytes, bytes.length - 40));

        Cli.Result result = verify(copy);

        assertThat(result.exitCode()).as("%s", result).isEqualTo(1);
        assertThat(result.err()).contains(live + ":" + lines(live).size() + ": incomplete last line");
    }

    @Test
    void linesCutFromTheEndFailAgainstTheHeadFile(@TempDir Path dir) throws IOException {
        List<Path> copy = copy(dir);
        Path live = copy.get(copy.size() - 1);
        List<String> lines = lines(live);
        // The last line only: the final batch may have left the live file with just one.
        Files.write(live, lines.subList(0, lines.size() - 1), StandardCharsets.UTF_8);

        Cli.Result result = verify(copy);

        assertThat(result.exitCode()).as("%s", result).isEqualTo(1);
        assertThat(result.err()).contains("truncated: the head file records seq " + events);
    }

    @Test
    void aMissingRotatedFileFails(@TempDir Path dir) throws IOException {
        List<Path> copy = copy(dir);
        List<Path> withoutOne = new ArrayList<>(copy);
        withoutOne.remove(1);

        Cli.Result result = verify(withoutOne);

        assertThat(result.exitCode()).as("%s", result).isEqualTo(1);
        assertThat(result.err()).contains(withoutOne.get(1) + ":1: seq jumps");
    }

    @Test
    void anUntouchedCopyStillVerifies(@TempDir Path dir) throws IOException {
        assertThat(verify(copy(dir)).exitCode()).isZero();
    }

    /** The first file of the chain with at least {@code count} lines (how the writer batched decides which). */
    private static Path firstWithLines(List<Path> files, int count) throws IOException {
        for (Path file : files) {
            if (lines(file).size() >= count) {
                return file;
            }
        }
        throw new AssertionError("no audit file with " + count + " lines in " + files);
    }

    private static Cli.Result verify(List<Path> files) {
        List<String> args = new ArrayList<>(List.of("audit", "verify"));
        files.forEach(file -> args.add(file.toString()));
        return Cli.run(args.toArray(String[]::new));
    }

    /** The chain copied into {@code dir} under the same names, with the live file's head. */
    private static List<Path> copy(Path dir) throws IOException {
        List<Path> copies = new ArrayList<>();
        for (Path file : chain) {
            Path target = dir.resolve(file.getFileName());
            Files.copy(file, target);
            copies.add(target);
        }
        Path live = chain.get(chain.size() - 1);
        Files.copy(AuditFiles.headFile(live), AuditFiles.headFile(copies.get(copies.size() - 1)));
        return copies;
    }

    private static List<String> lines(Path file) throws IOException {
        return new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
    }

    private static int middleIndexOf(List<String> lines, String text) {
        for (int i = 1; i < lines.size() - 1; i++) {
            if (lines.get(i).contains(text)) {
                return i;
            }
        }
        return -1;
    }
}
