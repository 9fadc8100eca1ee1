package io.tracegate.it.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.tracegate.it.support.GatewayFixture;
import io.tracegate.policy.audit.AuditEvent;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Sessions recorded by a real gateway ({@code recording.enabled}) replay, with
 * {@code tracegate replay} and {@code --json}, to the statements that were sent, masked, in
 * order, each followed by its result tag or error.
 */
class RecordingReplayTest {

    private static final String CARD = "4111111111111111";
    private static final String MASKED_CARD = "************1111";

    private static GatewayFixture gateway;
    private static AuditTrail audit;

    @BeforeAll
    static void start() {
        gateway = GatewayFixture.builder().with("RECORDING", "true").start();
        audit = new AuditTrail(gateway.auditFile());
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void anExtendedProtocolSessionReplaysToItsStatementsInOrder() throws Exception {
        try (Connection connection = Agents.jdbc(gateway, "observe-rec-jdbc");
                Statement statement = connection.createStatement()) {
            try (ResultSet rs = statement.executeQuery("SELECT 1")) {
                assertThat(rs.next()).isTrue();
            }
            statement.executeUpdate("INSERT INTO agent_traces (agent, reasoning) VALUES ('observe-rec', 'card " + CARD + "')");
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO agent_traces (agent, reasoning) VALUES (?, ?)")) {
                insert.setString(1, "observe-rec");
                insert.setString(2, "bound card " + CARD);
                insert.executeUpdate();
            }
            assertThatThrownBy(() -> statement.executeQuery("SELECT 1/0")).isInstanceOf(SQLException.class);
        }
        List<JsonNode> entries = Recordings.replayJson(recordingOf("observe-rec-jdbc"));

        assertThat(Recordings.texts(entries, "Parse")).containsExactly(
                "SELECT 1",
                "INSERT INTO agent_traces (agent, reasoning) VALUES ('observe-rec', 'card " + MASKED_CARD + "')",
                "INSERT INTO agent_traces (agent, reasoning) VALUES ($1, $2)",
                "SELECT 1/0");
        assertThat(Recordings.texts(entries, "CommandComplete")).containsExactly("SELECT 1", "INSERT 0 1", "INSERT 0 1");
        assertThat(Recordings.texts(entries, "ErrorResponse")).singleElement().asString().startsWith("22012 ");
        JsonNode bind = entries.stream().filter(e -> e.path("message").asText().equals("Bind") && e.has("params"))
                .findFirst().orElseThrow();
        assertThat(bind.get("params").get(1).asText()).isEqualTo("bound card " + MASKED_CARD);
        assertThat(entries).noneMatch(e -> e.toString().contains(CARD));
        assertThat(order(entries)).containsExactly(
                "Parse SELECT 1", "CommandComplete SELECT 1",
                "Parse INSERT", "CommandComplete INSERT 0 1",
                "Parse INSERT", "CommandComplete INSERT 0 1",
                "Parse SELECT 1/0", "ErrorResponse 22012");
        assertThat(entries.get(0).path("kind").asText()).isEqualTo("start");
        assertThat(entries.get(0).path("identity").asText()).isEqualTo(GatewayFixture.AGENT);
        assertThat(entries.get(entries.size() - 1).path("kind").asText()).isEqualTo("end");
    }

    @Test
    void aSimpleProtocolSessionReplaysToItsQueriesAsTextForPeople() throws Exception {
        Agents.PsqlResult psql = Agents.psqlScript(gateway, "observe-rec-psql", """
                SELECT 2;
                INSERT INTO agent_traces (agent, reasoning) VALUES ('observe-rec-psql', 'mail a.b@example.com, card %s');
                SELECT 3 \\; SELECT 4;
                """.formatted(CARD));
        assertThat(psql.exitCode()).as(psql.output()).isZero();
        Path recording = recordingOf("observe-rec-psql");
        List<JsonNode> entries = Recordings.replayJson(recording);

        String maskedInsert = Recordings.texts(entries, "Query").get(1);
        // A Query is recorded as its statements as forwarded: one, or each ended by ";" and a line break.
        assertThat(Recordings.texts(entries, "Query")).containsExactly("SELECT 2", maskedInsert, "SELECT 3;\nSELECT 4;\n");
        assertThat(maskedInsert).startsWith("INSERT INTO agent_traces").contains(MASKED_CARD)
                .doesNotContain(CARD).doesNotContain("a.b@example.com");
        assertThat(Recordings.texts(entries, "CommandComplete")).containsExactly("SELECT 1", "INSERT 0 1", "SELECT 1", "SELECT 1");

        Cli.Result text = Cli.run("replay", recording.toString());
        assertThat(text.exitCode()).as("%s", text).isZero();
        List<String> lines = text.out().lines().toList();
        assertThat(lines.get(0)).startsWith("session ").contains(" of " + GatewayFixture.AGENT + ", started ");
        assertThat(lines).anyMatch(line -> line.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{6}  client Query\\s+SELECT 2"))
                .anyMatch(line -> line.matches(".*server CommandComplete\\s+INSERT 0 1"))
                .anyMatch(line -> line.contains("client Query") && line.contains(MASKED_CARD));
        assertThat(lines.get(lines.size() - 1)).contains("end").contains("session ended after");
        assertThat(text.out()).doesNotContain(CARD);
    }

    /** Client statements and server answers as "Message text-prefix", skipping the messages in between. */
    private static List<String> order(List<JsonNode> entries) {
        List<String> out = new ArrayList<>();
        for (JsonNode entry : entries) {
            String message = entry.path("message").asText();
            String text = entry.path("text").asText();
            if (message.equals("Parse")) {
                out.add("Parse " + (text.startsWith("INSERT") ? "INSERT" : text));
            } else if (message.equals("CommandComplete")) {
                out.add("CommandComplete " + text);
            } else if (message.equals("ErrorResponse")) {
                out.add("ErrorResponse " + text.substring(0, 5));
            }
        }
        return out;
    }

    private static Path recordingOf(String applicationName) throws InterruptedException {
        List<AuditEvent> events = audit.session(applicationName);
        return Recordings.awaitFinished(gateway.dataDir().resolve("sessions"), events.get(0).sessionId());
    }
}
