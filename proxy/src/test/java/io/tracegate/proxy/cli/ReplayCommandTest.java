package io.tracegate.proxy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tracegate.policy.config.RecordingConfig;
import io.tracegate.proxy.recording.RecordingWriter;
import io.tracegate.proxy.recording.SessionRecorder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayCommandTest {

    @TempDir
    Path dir;
    Path recording;

    @BeforeEach
    void record() throws Exception {
        RecordingWriter writer = new RecordingWriter();
        SessionRecorder recorder = SessionRecorder.open(new RecordingConfig(true, dir, true, 0), "s-9", "agent-7", writer);
        recorder.clientMessage('Q', "INSERT INTO public.agent_traces (reasoning)\nVALUES ('<EMAIL>')", List.of());
        recorder.serverMessage('C', "INSERT 0 1");
        recorder.serverMessage('Z', "idle");
        recorder.clientMessage('P', "SELECT reasoning FROM public.agent_traces WHERE id = $1", List.of());
        recorder.clientMessage('B', "unnamed portal", Arrays.asList("42", null));
        recorder.row(List.of("<EMAIL>"));
        recorder.serverMessage('E', "42501 blocked by rule no-ddl");
        recorder.close();
        writer.close();
        try (Stream<Path> files = Files.list(dir)) {
            recording = files.findFirst().orElseThrow();
        }
    }

    @Test
    void printsAReadableTranscript() {
        CommandRun run = CommandRun.of(new ReplayCommand(), recording.toString());

        assertThat(run.exitCode()).isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(lines).hasSize(9);
        assertThat(lines.get(0)).matches("session s-9 of agent-7, started \\d{4}-\\d\\d-\\d\\dT.*Z");
        assertThat(lines.get(1)).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{6}  client Query                "
                + "INSERT INTO public.agent_traces \\(reasoning\\) VALUES \\('<EMAIL>'\\)");
        assertThat(lines.get(2)).endsWith("server CommandComplete      INSERT 0 1");
        assertThat(lines.get(3)).endsWith("server ReadyForQuery        idle");
        assertThat(lines.get(4)).contains("client Parse").endsWith("WHERE id = $1");
        assertThat(lines.get(5)).endsWith("client Bind                 unnamed portal  params: '42', NULL");
        assertThat(lines.get(6)).endsWith("server DataRow              '<EMAIL>'");
        assertThat(lines.get(7)).endsWith("server ErrorResponse        42501 blocked by rule no-ddl");
        assertThat(lines.get(8)).matches(".*------ end +session ended after \\d+\\.\\d{3} s");
    }

    @Test
    void printsJsonForMachinesWithTheStatementsThatWereSent() throws Exception {
        CommandRun run = CommandRun.of(new ReplayCommand(), "--json", recording.toString());

        assertThat(run.exitCode()).isZero();
        ObjectMapper mapper = new ObjectMapper();
        List<JsonNode> entries = run.out().lines().map(line -> {
            try {
                return mapper.readTree(line);
            } catch (Exception e) {
                throw new AssertionError(line, e);
            }
        }).toList();
        assertThat(entries).extracting(node -> node.get("kind").asText())
                .containsExactly("start", "client", "server", "server", "client", "client", "row", "server", "end");
        assertThat(entries.get(1).get("message").asText()).isEqualTo("Query");
        assertThat(entries.get(1).get("text").asText())
                .isEqualTo("INSERT INTO public.agent_traces (reasoning)\nVALUES ('<EMAIL>')");
        assertThat(entries.get(5).get("params").toString()).isEqualTo("[\"42\",null]");
        assertThat(entries.get(6).get("row").toString()).isEqualTo("[\"<EMAIL>\"]");
        assertThat(entries).allSatisfy(node -> assertThat(node.get("time").asText()).endsWith("Z"));
    }

    @Test
    void aFileThatIsNotARecordingIsAnError() throws Exception {
        Path bogus = Files.writeString(dir.resolve("bogus.jsonl"), "{\"hello\":1}\n");

        CommandRun run = CommandRun.of(new ReplayCommand(), bogus.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("line 1 is not a recording record");
    }
}
