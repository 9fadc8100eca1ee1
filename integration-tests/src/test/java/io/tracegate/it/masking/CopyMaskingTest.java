package io.tracegate.it.masking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tracegate.it.support.GatewayExtension;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

/**
 * {@code COPY ... FROM STDIN} into the protected table through pgjdbc's CopyManager, in text and
 * CSV format, with the data cut into CopyData messages at odd places (inside a row, an escape
 * sequence, a quoted field, a UTF-8 character): the gateway reassembles rows, masks the protected
 * fields and forwards whole rows. Binary COPY into the table is refused.
 */
class CopyMaskingTest {

    @RegisterExtension
    static final GatewayExtension gateway = GatewayExtension.emptyingTracesBeforeEach();

    /** Rows of COPY text format: tab-separated, backslash escapes, {@code \N} for NULL. */
    @ParameterizedTest(name = "CopyData chunks of {0} bytes")
    @ValueSource(ints = {1, 7, 13, 100_000})
    void textFormat(int chunkSize) throws SQLException {
        StringBuilder data = new StringBuilder();
        List<String> expectedReasoning = new ArrayList<>();
        List<String> expectedPayload = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String reasoning = Pii.trace("copy " + i) + "\nsecond line\twith a tab and a \\ backslash";
            data.append("copy\t").append(textField(reasoning)).append('\t').append(textField(Pii.payload("copy " + i)))
                    .append('\n');
            expectedReasoning.add(Pii.maskedTrace("copy " + i) + "\nsecond line\twith a tab and a \\ backslash");
            expectedPayload.add(StoredTraces.jsonb(Pii.maskedPayload("copy " + i)));
        }
        // A card spelled with COPY's octal and hex escapes, and a row with a NULL payload.
        data.append("copy\tcard 4111\\0401111\\x201111 1111 paid\t\\N\n");
        expectedReasoning.add("card " + Pii.CARD_MASKED + " paid");
        expectedPayload.add(null);

        long copied = copyIn("COPY public.agent_traces (agent, reasoning, payload) FROM STDIN", data.toString(), chunkSize);

        assertThat(copied).isEqualTo(13);
        assertThat(StoredTraces.reasonings()).containsExactlyElementsOf(expectedReasoning);
        assertThat(StoredTraces.payloads()).containsExactlyElementsOf(expectedPayload);
        StoredTraces.assertNoRawValue();
    }

    /**
     * CSV with a header, quoted fields holding newlines, commas and doubled quotes, and JSON; lines
     * end with LF or CRLF (one style per COPY, as PostgreSQL requires).
     */
    @ParameterizedTest(name = "CopyData chunks of {0} bytes, {1} line ends")
    @CsvSource({"1, LF", "5, CRLF", "11, LF", "100000, CRLF"})
    void csvFormat(int chunkSize, String lineEnds) throws SQLException {
        String eol = lineEnds.equals("CRLF") ? "\r\n" : "\n";
        StringBuilder data = new StringBuilder("agent,reasoning,payload").append(eol);
        List<String> expectedReasoning = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String reasoning = Pii.trace("csv " + i) + ",\nthen \"quoted\" text\r\nand a last line";
            data.append("csv,").append(csvField(reasoning)).append(',').append(csvField(Pii.payload("csv " + i)))
                    .append(eol);
            expectedReasoning.add(Pii.maskedTrace("csv " + i) + ",\nthen \"quoted\" text\r\nand a last line");
        }
        data.append("csv,plain unquoted card ").append(Pii.CARD).append(" end,").append(eol);
        expectedReasoning.add("plain unquoted card " + Pii.CARD_MASKED + " end");

        long copied = copyIn("COPY public.agent_traces (agent, reasoning, payload) FROM STDIN WITH (FORMAT csv, HEADER true)",
                data.toString(), chunkSize);

        assertThat(copied).isEqualTo(11);
        assertThat(StoredTraces.reasonings()).containsExactlyElementsOf(expectedReasoning);
        List<String> payloads = StoredTraces.payloads();
        assertThat(payloads.get(9)).isEqualTo(StoredTraces.jsonb(Pii.maskedPayload("csv 9")));
        assertThat(payloads.get(10)).isNull();
        StoredTraces.assertNoRawValue();
    }

    /** CSV with another delimiter, quote and escape character, and a column order other than the table's. */
    @Test
    void csvWithCustomDelimiterQuoteAndEscape() throws SQLException {
        String reasoning = Pii.trace("custom");
        String data = "'" + reasoning.replace("'", "\\'") + " it\\'s; here'" + ";custom\n";

        copyIn("COPY public.agent_traces (reasoning, agent) FROM STDIN WITH (FORMAT csv, DELIMITER ';', QUOTE '''', "
                + "ESCAPE '\\')", data, 3);

        assertThat(StoredTraces.reasonings()).containsExactly(Pii.maskedTrace("custom") + " it's; here");
        StoredTraces.assertNoRawValue();
    }

    @Test
    void binaryCopyIntoTheProtectedTableIsRefusedAndTheSessionGoesOn() throws Exception {
        try (Connection connection = gateway.connect()) {
            CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
            assertThatThrownBy(() -> copy.copyIn(
                    "COPY public.agent_traces (agent, reasoning) FROM STDIN (FORMAT binary)",
                    new ByteArrayInputStream(new byte[0])))
                    .isInstanceOfSatisfying(SQLException.class, e -> {
                        assertThat(e.getSQLState()).isEqualTo("42501");
                        assertThat(e.getMessage()).contains("public.agent_traces").contains("binary COPY");
                    });

            long copied = copy.copyIn("COPY public.agent_traces (agent, reasoning) FROM STDIN",
                    new ByteArrayInputStream(("after\t" + Pii.trace("after") + "\n").getBytes(StandardCharsets.UTF_8)));
            assertThat(copied).isEqualTo(1);
        }
        assertThat(StoredTraces.reasonings()).containsExactly(Pii.maskedTrace("after"));
    }

    /**
     * A row the gateway cannot mask (JSON that does not parse, in the json column) fails the whole
     * COPY: nothing of it is stored, the error does not echo the value, and the session goes on.
     */
    @Test
    void rowThatCannotBeMaskedFailsTheCopyButNotTheSession() throws Exception {
        String data = "copy\t" + textField(Pii.trace("good")) + "\t{}\n"
                + "copy\tbad json\t{\"card\": \"" + Pii.CARD + "\",}\n"
                + "copy\t" + textField(Pii.trace("after the bad row")) + "\t{}\n";
        try (Connection connection = gateway.connect()) {
            CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
            assertThatThrownBy(() -> copy.copyIn("COPY public.agent_traces (agent, reasoning, payload) FROM STDIN",
                    new ByteArrayInputStream(data.getBytes(StandardCharsets.UTF_8)), 16))
                    .isInstanceOfSatisfying(SQLException.class, e -> {
                        assertThat(e.getMessage()).contains("payload").doesNotContain(Pii.CARD);
                        assertThat(e.getSQLState()).isEqualTo("57014"); // query_canceled: the COPY ended by CopyFail
                    });

            try (Statement statement = connection.createStatement()) {
                statement.executeUpdate("INSERT INTO public.agent_traces (agent, reasoning) VALUES ('after', "
                        + SqlText.quote(Pii.trace("after")) + ")");
            }
        }
        assertThat(StoredTraces.reasonings()).containsExactly(Pii.maskedTrace("after"));
        StoredTraces.assertNoRawValue();
    }

    /** psql reads the rows of COPY ... FROM STDIN from its script, up to the {@code \.} line. */
    @Test
    void psqlScriptWithCopyFromStdin() throws Exception {
        assumeTrue(Psql.isInstalled(), "psql is not installed");
        String script = "COPY public.agent_traces (agent, reasoning) FROM STDIN;\n"
                + "psql\t" + textField(Pii.trace("psql text") + "\nline two") + "\n"
                + "\\.\n"
                + "COPY public.agent_traces (agent, reasoning) FROM STDIN WITH (FORMAT csv);\n"
                + "psql," + csvField(Pii.trace("psql csv") + "\nline two") + "\n"
                + "\\.\n";

        Psql.Result result = Psql.script(gateway.fixture(), script);

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(StoredTraces.reasonings()).containsExactly(Pii.maskedTrace("psql text") + "\nline two",
                Pii.maskedTrace("psql csv") + "\nline two");
        StoredTraces.assertNoRawValue();
    }

    /** Sends {@code data} as CopyData messages of {@code chunkSize} bytes each and ends the COPY. */
    private static long copyIn(String sql, String data, int chunkSize) throws SQLException {
        byte[] bytes = data.getBytes(StandardCharsets.UTF_8);
        try (Connection connection = gateway.connect()) {
            CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
            try {
                for (int offset = 0; offset < bytes.length; offset += chunkSize) {
                    copy.writeToCopy(bytes, offset, Math.min(chunkSize, bytes.length - offset));
                    // Each writeToCopy is one CopyData message; flushing also puts each on the wire by itself.
                    copy.flushCopy();
                }
                return copy.endCopy();
            } finally {
                if (copy.isActive()) {
                    copy.cancelCopy();
                }
            }
        }
    }

    /** A value in COPY text format. */
    private static String textField(String value) {
        return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
    }

    /** A value in CSV, always quoted. */
    private static String csvField(String value) {
        return "\"" + value.replace("\"", "\"\"") + "\"";
    }
}
