package io.tracegate.it.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.tracegate.it.support.GatewayFixture;
import io.tracegate.it.support.PostgresFixture;
import io.tracegate.policy.audit.AuditEvent;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

/**
 * Known secrets written through a real gateway into protected columns, by every way an agent
 * can send them (simple and extended protocol, COPY text and CSV, held and approved, held and
 * rejected, refused as malformed), and used as constants that flow into no protected column of
 * statements on a protected table (filters of SELECT, UPDATE, DELETE, MERGE, COPY TO), which the
 * gateway forwards raw. Then searched for everywhere the gateway leaves a trace: its data
 * directory (audit log, head, approvals journal, session recordings with rows), its log output,
 * {@code /metrics}, and the database itself. None of them may appear raw.
 */
class SecretSearchTest {

    private static final String JWT = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"
            + ".eyJzdWIiOiJhZ2VudC03Iiwicm9sZSI6ImFkbWluIiwiaWF0IjoxNzMyNTI4MDAwfQ"
            + ".kT3v0x9QpZ2mW8rL5nB7cY1dF4gH6jK0sA2eR9uI3oE";
    private static final String AWS_KEY = "AKIAZ7QXJ2M4VN3PLW5R";
    private static final String EMAIL = "jane.doe@example.com";
    private static final String URL_PASSWORD = "hunter2-Secret";
    private static final String URL = "postgres://admin:" + URL_PASSWORD + "@db.internal:5432/prod";
    private static final String SSN = "123-45-6789";

    /** Sessions whose statements filter the protected table on raw constants. */
    private static final String FILTER_SIMPLE = "observe-secret-filter";
    private static final String FILTER_EXTENDED = "observe-secret-filter-extended";
    /** A statement on no protected table, with an e-mail address the policy does not mask there. */
    private static final String VERBATIM = "SELECT count(*) FROM pg_catalog.pg_class"
            + " WHERE relname = 'ops.verbatim@unprotected.example'";

    /** What must not be found, each under a name for the failure message. */
    private static final Map<String, String> SECRETS = new LinkedHashMap<>();

    static {
        SECRETS.put("card", "4111111111111111");
        SECRETS.put("card, first 12 digits", "411111111111");
        SECRETS.put("card with spaces", "4111 1111 1111 1111");
        SECRETS.put("card with spaces, first 12 digits", "4111 1111 1111");
        SECRETS.put("card with dashes", "4111-1111-1111-1111");
        SECRETS.put("card with dashes, first 12 digits", "4111-1111-1111");
        SECRETS.put("card as a JSON number", "5555555555554444");
        SECRETS.put("card as a JSON number, first 12 digits", "555555555555");
        SECRETS.put("e-mail", EMAIL);
        SECRETS.put("e-mail local part", "jane.doe");
        SECRETS.put("AWS access key id", AWS_KEY);
        SECRETS.put("JWT", JWT);
        SECRETS.put("JWT claims", JWT.split("\\.")[1]);
        SECRETS.put("JWT signature", JWT.split("\\.")[2]);
        SECRETS.put("password in a URL", URL_PASSWORD);
        SECRETS.put("URL with its password", URL);
        SECRETS.put("US SSN", SSN);
    }

    /** Text for the reasoning column carrying every secret but the URL (which makes a write wait for a reviewer). */
    private static final String REASONING = "paid with 4111111111111111, then 4111 1111 1111 1111 and 4111-1111-1111-1111;"
            + " mailed " + EMAIL + "; key " + AWS_KEY + "; bearer " + JWT;
    private static final String PAYLOAD = "{\"card\": \"4111 1111 1111 1111\", \"number\": 5555555555554444,"
            + " \"contact\": \"" + EMAIL + "\", \"aws\": \"" + AWS_KEY + "\", \"token\": \"" + JWT + "\","
            + " \"nested\": {\"cards\": [\"4111-1111-1111-1111\"]}}";

    private static GatewayFixture gateway;
    private static List<String> logLines;
    private static String metrics;

    @BeforeAll
    static void writeSecretsThroughTheGateway() throws Exception {
        try (LogCapture log = LogCapture.start()) {
            gateway = GatewayFixture.builder()
                    .policy(Policies.withRecordedRows(Policies.defaultPolicy()))
                    .with("RECORDING", "true")
                    .start();
            try {
                AdminHttp admin = new AdminHttp(gateway.server().adminPort());
                writeSimple();
                writeExtended();
                writeHeld(admin);
                writeCopy();
                refuseMalformedJson();
                filterOnRawConstants();
                readBack();
                metrics = admin.metrics();
            } finally {
                gateway.close(); // audit and recordings written out, sessions closed
            }
            logLines = log.lines();
        }
    }

    private static void writeSimple() throws Exception {
        Agents.PsqlResult psql = Agents.psql(gateway, "observe-secret-simple", "INSERT INTO agent_traces"
                + " (agent, reasoning, payload) VALUES ('observe-secret-simple', '" + REASONING + "', '" + PAYLOAD + "');"
                + " UPDATE agent_traces SET reasoning = reasoning || ' and again " + EMAIL + " " + AWS_KEY + "'"
                + " WHERE agent = 'observe-secret-simple'");
        assertThat(psql.exitCode()).as(psql.output()).isZero();
        try (Connection connection = Agents.simpleJdbc(gateway, "observe-secret-simple-jdbc");
                Statement statement = connection.createStatement()) {
            assertThat(statement.executeUpdate("INSERT INTO agent_traces (agent, reasoning, payload) VALUES"
                    + " ('observe-secret-simple-jdbc', '" + REASONING + "', '" + PAYLOAD + "'::jsonb)")).isEqualTo(1);
        }
    }

    private static void writeExtended() throws SQLException {
        try (Connection connection = Agents.jdbc(gateway, "observe-secret-extended");
                PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO agent_traces (agent, reasoning, payload) VALUES (?, ?, ?::jsonb)")) {
            for (int i = 0; i < 3; i++) {
                insert.setString(1, "observe-secret-extended");
                insert.setString(2, REASONING + " #" + i);
                insert.setString(3, PAYLOAD);
                insert.addBatch();
            }
            assertThat(insert.executeBatch()).containsExactly(1, 1, 1);
            insert.setString(1, "observe-secret-extended");
            insert.setString(2, "one more: " + REASONING);
            insert.setString(3, PAYLOAD);
            assertThat(insert.executeUpdate()).isEqualTo(1);
        }
    }

    /** A password in a URL is a finding of type url too: possible-exfiltration holds such writes. */
    private static void writeHeld(AdminHttp admin) throws Exception {
        try (Connection connection = Agents.simpleJdbc(gateway, "observe-secret-held-simple");
                Statement statement = connection.createStatement()) {
            int rows = decidedBy(admin, "observe-secret-held-simple", true, () -> statement.executeUpdate(
                    "INSERT INTO agent_traces (agent, reasoning) VALUES ('observe-secret-held-simple', 'connect to "
                            + URL + " as " + EMAIL + "')"));
            assertThat(rows).isEqualTo(1);
        }
        try (Connection connection = Agents.jdbc(gateway, "observe-secret-held-extended");
                PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO agent_traces (agent, reasoning, payload) VALUES (?, ?, ?::jsonb)")) {
            insert.setString(1, "observe-secret-held-extended");
            insert.setString(2, "observe-secret-held-extended: " + URL + " card 4111111111111111");
            insert.setString(3, "{\"dsn\": \"" + URL + "\"}");
            assertThatThrownBy(() -> decidedBy(admin, "observe-secret-held-extended", false, insert::executeUpdate))
                    .hasMessageContaining("rejected by alice");
        }
    }

    /** Runs {@code write} while the reviewer approves (or rejects) the approval it waits for. */
    private static <T> T decidedBy(AdminHttp admin, String marker, boolean approve, Callable<T> write) throws Exception {
        CompletableFuture<T> future = CompletableFuture.supplyAsync(() -> {
            try {
                return write.call();
            } catch (Exception e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        });
        admin.decide(admin.awaitPendingApproval(marker), approve);
        try {
            return future.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        }
    }

    private static void writeCopy() throws Exception {
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            rows.append("observe-secret-copy\t").append(REASONING).append(" dsn ").append(URL).append(" #").append(i)
                    .append('\t').append(PAYLOAD).append('\n');
        }
        try (Connection connection = Agents.jdbc(gateway, "observe-secret-copy")) {
            long copied = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(
                    "COPY agent_traces (agent, reasoning, payload) FROM STDIN", new StringReader(rows.toString()));
            assertThat(copied).isEqualTo(3);
        }
        Agents.PsqlResult psql = Agents.psqlScript(gateway, "observe-secret-copy-csv", """
                COPY agent_traces (agent, reasoning, payload) FROM STDIN WITH (FORMAT csv);
                observe-secret-copy-csv,"%s","%s"
                \\.
                """.formatted(REASONING, PAYLOAD.replace("\"", "\"\"")));
        assertThat(psql.exitCode()).as(psql.output()).isZero();
    }

    /** JSON the masker cannot parse is refused (22P02), its secrets still kept out of every record. */
    private static void refuseMalformedJson() throws SQLException {
        String broken = "{\"card\": \"4111111111111111\", \"contact\": \"" + EMAIL + "\"";
        try (Connection connection = Agents.jdbc(gateway, "observe-secret-malformed")) {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO agent_traces (agent, payload) VALUES (?, ?::jsonb)")) {
                insert.setString(1, "observe-secret-malformed");
                insert.setString(2, broken);
                assertThatThrownBy(insert::executeUpdate).isInstanceOfSatisfying(SQLException.class,
                        e -> assertThat(e.getSQLState()).isEqualTo("22P02"));
            }
            try (Statement statement = connection.createStatement()) {
                assertThatThrownBy(() -> statement.executeUpdate("INSERT INTO agent_traces (agent, payload) VALUES"
                        + " ('observe-secret-malformed', '" + broken + "')")).isInstanceOfSatisfying(SQLException.class,
                        e -> assertThat(e.getSQLState()).isEqualTo("22P02"));
            }
        }
    }

    /**
     * Statements on the protected table whose constants flow into no protected column: the
     * gateway forwards them as they are (the server needs them to filter), so only the audit
     * log and the recordings can mask them. One is refused by a rule (DELETE), one fails with an
     * error quoting its constant, one is on another table.
     */
    private static void filterOnRawConstants() throws Exception {
        try (Connection connection = Agents.simpleJdbc(gateway, FILTER_SIMPLE);
                Statement statement = connection.createStatement()) {
            assertThat(statement.executeUpdate("UPDATE public.agent_traces SET agent = 'observe-secret-filtered'"
                    + " WHERE reasoning = 'card 4111 1111 1111 1111'")).isZero();
            try (ResultSet rs = statement.executeQuery("SELECT * FROM public.agent_traces"
                    + " WHERE payload->>'email' = '" + EMAIL + "'")) {
                assertThat(rs.next()).isFalse();
            }
            assertThatThrownBy(() -> statement.executeUpdate("DELETE FROM public.agent_traces"
                    + " WHERE reasoning LIKE '%ssn " + SSN + "%'")).isInstanceOfSatisfying(SQLException.class,
                    e -> assertThat(e.getSQLState()).isEqualTo("42501"));
            assertThat(statement.executeUpdate("MERGE INTO public.agent_traces t USING (SELECT 0::bigint AS id) s"
                    + " ON t.id = s.id WHEN MATCHED AND t.reasoning = 'ssn " + SSN + "'"
                    + " THEN UPDATE SET agent = 'observe-secret-filtered'")).isZero();
            assertThatThrownBy(() -> statement.executeQuery("SELECT id FROM public.agent_traces"
                    + " WHERE id = '4111 1111 1111 1111'")).isInstanceOfSatisfying(SQLException.class,
                    e -> assertThat(e.getSQLState()).isEqualTo("22P02"));
            try (ResultSet rs = statement.executeQuery(VERBATIM)) {
                assertThat(rs.next()).isTrue();
            }
        }
        try (Connection connection = Agents.jdbc(gateway, FILTER_EXTENDED);
                PreparedStatement select = connection.prepareStatement("SELECT id FROM public.agent_traces"
                        + " WHERE reasoning = 'ssn " + SSN + "' OR payload->>'email' = ?")) {
            select.setString(1, EMAIL);
            try (ResultSet rs = select.executeQuery()) {
                assertThat(rs.next()).isFalse();
            }
            StringWriter out = new StringWriter();
            long copied = connection.unwrap(PGConnection.class).getCopyAPI().copyOut("COPY (SELECT id FROM"
                    + " public.agent_traces WHERE reasoning = 'card 4111-1111-1111-1111') TO STDOUT", out);
            assertThat(copied).isZero();
        }
    }

    /** Reads the rows back through the gateway, so recordings (include_rows) hold them as the agent saw them. */
    private static void readBack() throws SQLException {
        try (Connection connection = Agents.jdbc(gateway, "observe-secret-read");
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT agent, reasoning, payload FROM agent_traces"
                        + " WHERE agent LIKE 'observe-secret-%' ORDER BY id")) {
            int count = 0;
            while (rs.next()) {
                count++;
            }
            assertThat(count).isGreaterThanOrEqualTo(11);
        }
    }

    @Test
    void theWritesWereMaskedNotRefused() throws Exception {
        Map<String, Integer> rows = new LinkedHashMap<>();
        for (String row : storedRows()) {
            rows.merge(row.substring(0, row.indexOf('|')), 1, Integer::sum);
        }
        assertThat(rows).containsEntry("observe-secret-simple", 1).containsEntry("observe-secret-simple-jdbc", 1)
                .containsEntry("observe-secret-extended", 4).containsEntry("observe-secret-held-simple", 1)
                .containsEntry("observe-secret-copy", 3).containsEntry("observe-secret-copy-csv", 1)
                .doesNotContainKeys("observe-secret-held-extended", "observe-secret-malformed");
        assertThat(storedRows()).allMatch(row -> row.contains("1111") || row.contains("<"));
    }

    @Test
    void theDatabaseHoldsNoRawSecret() throws Exception {
        assertNoSecretIn("the agent_traces rows", String.join("\n", storedRows()));
    }

    @Test
    void theAuditLogAndEveryOtherFileOfTheGatewayHoldNoRawSecret() throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(gateway.dataDir())) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        assertThat(files).extracting(file -> file.getFileName().toString())
                .contains("audit.jsonl", "audit.jsonl.head", "approvals.journal.jsonl");
        for (Path file : files) {
            assertNoSecretIn(file.toString(), Files.readString(file, StandardCharsets.ISO_8859_1));
        }
        List<AuditEvent> statements = AuditTrail.statements(new AuditTrail(gateway.auditFile()).events());
        assertThat(statements).as("the audit log saw the findings").anyMatch(e -> e.findings().keySet()
                .containsAll(List.of("credit_card", "email", "aws_access_key", "jwt")));
        assertThat(statements).anyMatch(e -> e.findings().containsKey("password_in_url"));
    }

    @Test
    void theRecordingsHoldNoRawSecretAsStoredOrReplayed() throws IOException {
        List<Path> recordings;
        try (Stream<Path> list = Files.list(gateway.dataDir().resolve("sessions"))) {
            recordings = list.toList();
        }
        assertThat(recordings).hasSizeGreaterThanOrEqualTo(8);
        boolean sawRows = false;
        for (Path recording : recordings) {
            Cli.Result text = Cli.run("replay", recording.toString());
            assertThat(text.exitCode()).isZero();
            assertNoSecretIn("tracegate replay " + recording, text.out() + text.err());
            sawRows |= text.out().contains("DataRow");
        }
        assertThat(sawRows).as("include_rows recorded the rows read back").isTrue();
    }

    @Test
    void theGatewaysLogHoldsNoRawSecret() {
        assertThat(logLines).as("the capture saw the gateway's log").anyMatch(line -> line.contains("Tracegate listening"));
        assertNoSecretIn("the gateway's log", String.join("\n", logLines));
    }

    @Test
    void metricsHoldNoRawSecret() {
        assertThat(metrics).contains("tracegate_findings_total{type=\"credit_card\"}");
        assertNoSecretIn("/metrics", metrics);
    }

    @Test
    void filtersOnProtectedTablesAreAuditedWithTheMaskedFormsTheTableHolds() throws Exception {
        AuditTrail trail = new AuditTrail(gateway.auditFile());
        List<String> texts = new ArrayList<>();
        for (String session : List.of(FILTER_SIMPLE, FILTER_EXTENDED)) {
            AuditTrail.statements(trail.session(session)).stream()
                    .filter(event -> event.tables().contains("public.agent_traces"))
                    .forEach(event -> texts.add(event.statementText()));
        }
        // The hash token of the e-mail address is the one stored in the table: the audit still joins.
        String storedToken = emailToken(String.join("\n", storedRows()));

        assertThat(texts).containsExactly(
                "UPDATE public.agent_traces SET agent = 'observe-secret-filtered' WHERE reasoning = 'card **** **** **** 1111'",
                "SELECT * FROM public.agent_traces WHERE payload->>'email' = '" + storedToken + "'",
                "DELETE FROM public.agent_traces WHERE reasoning LIKE '%ssn <US_SSN>%'",
                "MERGE INTO public.agent_traces t USING (SELECT 0::bigint AS id) s ON t.id = s.id"
                        + " WHEN MATCHED AND t.reasoning = 'ssn <US_SSN>' THEN UPDATE SET agent = 'observe-secret-filtered'",
                "SELECT id FROM public.agent_traces WHERE id = '**** **** **** 1111'",
                "SELECT id FROM public.agent_traces WHERE reasoning = 'ssn <US_SSN>' OR payload->>'email' = $1",
                "COPY (SELECT id FROM public.agent_traces WHERE reasoning = 'card ****-****-****-1111') TO STDOUT");
    }

    @Test
    void filtersOnProtectedTablesAreRecordedMaskedAndErrorsQuotingThemToo() throws Exception {
        AuditTrail trail = new AuditTrail(gateway.auditFile());
        List<JsonNode> simple = recordingOf(trail, FILTER_SIMPLE);
        List<JsonNode> extended = recordingOf(trail, FILTER_EXTENDED);

        assertThat(Recordings.texts(simple, "Query")).contains(
                "UPDATE public.agent_traces SET agent = 'observe-secret-filtered' WHERE reasoning = 'card **** **** **** 1111'",
                "DELETE FROM public.agent_traces WHERE reasoning LIKE '%ssn <US_SSN>%'");
        assertThat(Recordings.texts(simple, "ErrorResponse"))
                .anyMatch(text -> text.startsWith("22P02 ") && text.contains("\"**** **** **** 1111\""));
        assertThat(Recordings.texts(extended, "Parse")).contains(
                "SELECT id FROM public.agent_traces WHERE reasoning = 'ssn <US_SSN>' OR payload->>'email' = $1");
    }

    @Test
    void aStatementOnNoProtectedTableIsAuditedAndRecordedVerbatim() throws Exception {
        AuditTrail trail = new AuditTrail(gateway.auditFile());

        assertThat(AuditTrail.statements(trail.session(FILTER_SIMPLE))).extracting(AuditEvent::statementText)
                .contains(VERBATIM);
        assertThat(Recordings.texts(recordingOf(trail, FILTER_SIMPLE), "Query")).contains(VERBATIM);
    }

    private static List<JsonNode> recordingOf(AuditTrail trail, String applicationName) throws InterruptedException {
        String sessionId = trail.session(applicationName).get(0).sessionId();
        return Recordings.replayJson(Recordings.awaitFinished(gateway.dataDir().resolve("sessions"), sessionId));
    }

    private static String emailToken(String text) {
        Matcher token = Pattern.compile("<EMAIL:[0-9a-f]{8}>").matcher(text);
        assertThat(token.find()).as("a hash token for the e-mail address in the stored rows").isTrue();
        return token.group();
    }

    private static List<String> storedRows() throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection direct = PostgresFixture.shared().connectAsGateway();
                Statement statement = direct.createStatement();
                ResultSet rs = statement.executeQuery("SELECT agent, reasoning, payload::text FROM agent_traces"
                        + " WHERE agent LIKE 'observe-secret-%' ORDER BY id")) {
            while (rs.next()) {
                rows.add(rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getString(3));
            }
        }
        return rows;
    }

    private static void assertNoSecretIn(String where, String text) {
        for (Map.Entry<String, String> secret : SECRETS.entrySet()) {
            int at = text.indexOf(secret.getValue());
            if (at >= 0) {
                int from = Math.max(0, at - 120);
                int to = Math.min(text.length(), at + secret.getValue().length() + 40);
                throw new AssertionError("the raw " + secret.getKey() + " is in " + where + ": ..."
                        + text.substring(from, to).replace(secret.getValue(), "[" + secret.getKey() + "]") + "...");
            }
        }
    }
}
