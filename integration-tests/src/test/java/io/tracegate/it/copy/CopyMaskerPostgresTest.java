package io.tracegate.it.copy;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracegate.it.support.PostgresFixture;
import io.tracegate.policy.ColumnKind;
import io.tracegate.policy.MaskStrategy;
import io.tracegate.policy.copy.CopyRowMaskers;
import io.tracegate.policy.detect.DetectorSet;
import io.tracegate.policy.engine.CopyPlan;
import io.tracegate.policy.engine.CopyRowMasker;
import io.tracegate.policy.mask.Masker;
import io.tracegate.policy.mask.ValueMasker;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.postgresql.PGConnection;

/**
 * The masker's output is what PostgreSQL reads: the same COPY data goes once as the client sent
 * it and once through the masker (in small chunks), into two scratch tables, and the rows read
 * back must agree: columns that are not protected equal, protected ones equal to the masked
 * value of what the server read from the original, NULLs in the same places.
 */
class CopyMaskerPostgresTest {
    private static final ValueMasker MASKER = new ValueMasker(DetectorSet.all(),
            new Masker(MaskStrategy.REDACT, Map.of(), "k".getBytes(StandardCharsets.UTF_8)));
    private static final List<String> COLUMNS = List.of("agent", "reasoning", "payload", "note");
    private static final Map<Integer, ColumnKind> PROTECTED = Map.of(1, ColumnKind.TEXT, 2, ColumnKind.JSON);
    /** Small, so chunk edges fall inside escapes, quotes and newlines. */
    private static final int CHUNK = 7;

    private static Connection connection;

    @BeforeAll
    static void createScratchTables() throws SQLException {
        connection = PostgresFixture.shared().connectAsGateway();
        try (Statement statement = connection.createStatement()) {
            // json, not jsonb: the text is kept as written, so it can be compared exactly.
            for (String table : List.of("copy_original", "copy_masked")) {
                statement.execute("CREATE TEMP TABLE " + table
                        + " (ord bigserial, agent text, reasoning text, payload json, note text)");
            }
        }
    }

    @AfterAll
    static void close() throws SQLException {
        connection.close();
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("text", text('\t', "\\N", false), "",
                        "a-1\tcard 4111 1111 1111 1111, mail jane@example.com\t{\"to\": \"jane@example.com\", \"n\": [1, 2.50]}\tkeep 4111111111111111\n"
                        + "a\\x2d2\tescapes \\b\\f\\n\\r\\t\\v\\\\ \\x41\\101\\7 caf\\303\\251 \\xe2\\x82\\xac jane@example.com\t{\"s\": \"tab\\\\t q\\\\\\\" jane@example.com\"}\t\\x41\\101\n"
                        + "a-3\t\\N\t\\N\t\\N\n"
                        + "a-4\t\\\\N\tnull\t\n"
                        + "a-5\tline\\\ncontinued jane@example.com \\q\\\t\t\"4111111111111111\"\t\\\\\n"
                        + "a-6\tnothing to see\t{}\tplain\n"
                        + "\\.\n"
                        + "after\tthe marker jane@example.com\t{}\tdiscarded\n"),
                Arguments.of("text, |, NULL, header, \\r\\n", text('|', "NULL", true), ", HEADER",
                        "agent|reasoning jane@example.com|payload|note\r\n"
                        + "b-1|pay 4111111111111111\\|now\\r\\n jane@example.com|NULL|NULL\r\n"
                        + "b-2|\\NULL|{\"a\": {\"b\": [\"jane@example.com\"]}}|\\N\r\n"
                        + "b-3|NULL|\\x5b\\x5d|\r\n"),
                Arguments.of("csv", csv(',', '"', '"', "", false), "",
                        "c-1,card 4111 1111 1111 1111,\"{\"\"to\"\": \"\"jane@example.com\"\"}\",keep 4111111111111111\n"
                        + "\"c,2\",\"multi\nline, \"\"quoted\"\" jane@example.com\",\"[\"\"jane@example.com\"\"]\",\"\"\n"
                        + "c-3,,,\n"
                        + "c-4,\"\",,\"\"\n"
                        + "c-5,x\"y,z\"w jane@example.com\\.,{},\\N\n"
                        + "c-6,\"\\.\",null,x\n"
                        + "\\.\n"),
                Arguments.of("csv, ; ' \\ NULL, header, \\r\\n", csv(';', '\'', '\\', "NULL", true),
                        ", HEADER",
                        "agent;reasoning;payload;note jane@example.com\r\n"
                        + "d-1;'it\\'s jane@example.com\r\n\\\\ 4111111111111111';NULL;'NULL'\r\n"
                        + "d-2;'NULL';'{\"k\": \"jane@example.com\"}';NULL\r\n"
                        + "d-3;it''s 4111111111111111;'{\"q\": \"it\\'s\"}';''\r\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void postgresReadsTheMaskedValuesAndEverythingElseAsSent(String name, CopyPlan plan, String headerOption,
            String data) throws Exception {
        String options = copyOptions(plan) + headerOption;
        List<List<String>> original = load("copy_original", options, data);
        String masked = maskInChunks(plan, data);
        List<List<String>> stored = load("copy_masked", options, masked);

        assertThat(stored).hasSameSizeAs(original).isNotEmpty();
        for (int r = 0; r < original.size(); r++) {
            List<String> sent = original.get(r);
            List<String> got = stored.get(r);
            assertThat(got.get(0)).as("agent of row %d", r).isEqualTo(sent.get(0));
            assertThat(got.get(3)).as("note of row %d", r).isEqualTo(sent.get(3));
            assertThat(got.get(1)).as("reasoning of row %d", r)
                    .isEqualTo(sent.get(1) == null ? null : MASKER.maskText(sent.get(1)).value());
            assertThat(got.get(2)).as("payload of row %d", r)
                    .isEqualTo(sent.get(2) == null ? null : MASKER.maskJson(sent.get(2)).value());
            for (int c = 1; c <= 2; c++) {
                if (got.get(c) != null) {
                    assertThat(got.get(c)).doesNotContain("jane@example.com", "4111111111111111", "4111 1111");
                }
            }
        }
        assertThat(original).anySatisfy(row -> assertThat(row.get(1)).contains("jane@example.com"));
    }

    private static String maskInChunks(CopyPlan plan, String data) {
        CopyRowMasker masker = CopyRowMaskers.create(plan, MASKER);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < data.length(); i += CHUNK) {
            out.append(masker.accept(data.substring(i, Math.min(data.length(), i + CHUNK))));
        }
        return out.append(masker.finish()).toString();
    }

    private static List<List<String>> load(String table, String options, String data) throws Exception {
        try (Statement statement = connection.createStatement()) {
            statement.execute("TRUNCATE " + table);
        }
        connection.unwrap(PGConnection.class).getCopyAPI().copyIn(
                "COPY " + table + " (agent, reasoning, payload, note) FROM STDIN WITH (" + options + ")",
                new StringReader(data));
        List<List<String>> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(
                        "SELECT agent, reasoning, payload::text, note FROM " + table + " ORDER BY ord")) {
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int c = 1; c <= 4; c++) {
                    row.add(rs.getString(c));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    private static String copyOptions(CopyPlan plan) {
        if (plan.format() == CopyPlan.Format.TEXT) {
            return "FORMAT text, DELIMITER " + literal(plan.delimiter()) + ", NULL " + literal(plan.nullString());
        }
        return "FORMAT csv, DELIMITER " + literal(plan.delimiter()) + ", QUOTE " + literal(plan.quote())
                + ", ESCAPE " + literal(plan.escape()) + ", NULL " + literal(plan.nullString());
    }

    private static String literal(char c) {
        return literal(String.valueOf(c));
    }

    private static String literal(String s) {
        return "E'" + s.replace("\\", "\\\\").replace("'", "\\'").replace("\t", "\\t") + "'";
    }

    private static CopyPlan text(char delimiter, String nullString, boolean header) {
        return new CopyPlan("pg_temp.copy_masked", COLUMNS, PROTECTED, CopyPlan.Format.TEXT, delimiter, '"', '"',
                nullString, header);
    }

    private static CopyPlan csv(char delimiter, char quote, char escape, String nullString, boolean header) {
        return new CopyPlan("pg_temp.copy_masked", COLUMNS, PROTECTED, CopyPlan.Format.CSV, delimiter, quote, escape,
                nullString, header);
    }
}
