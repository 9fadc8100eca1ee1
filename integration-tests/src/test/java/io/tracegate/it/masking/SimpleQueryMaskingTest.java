package io.tracegate.it.masking;

import static io.tracegate.it.masking.SqlText.quote;
import static org.assertj.core.api.Assertions.assertThat;

import io.tracegate.it.support.GatewayExtension;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Writes through the gateway with pgjdbc in simple query mode (each statement string is one
 * Query message), in every statement shape that can carry a value into a protected column, and
 * reads back directly from PostgreSQL: each sensitive value is masked and the text around it is
 * stored exactly as sent.
 */
class SimpleQueryMaskingTest {

    private static final String TRACES = "public.agent_traces";

    @RegisterExtension
    static final GatewayExtension gateway = GatewayExtension.emptyingTracesBeforeEach();

    @Test
    void multiStatementStringMasksEveryStatement() throws SQLException {
        String sql = "INSERT INTO " + TRACES + " (agent, reasoning) VALUES ('m', " + quote(Pii.trace("one")) + ");\n"
                + "INSERT INTO " + TRACES + " (agent, payload) VALUES ('m', " + quote(Pii.payload("two")) + ");"
                + "UPDATE " + TRACES + " SET reasoning = " + quote(Pii.trace("three")) + " WHERE payload IS NOT NULL;"
                + " SELECT 1";
        execute(sql);

        List<StoredTraces.Row> rows = StoredTraces.all();
        assertThat(rows).extracting(StoredTraces.Row::reasoning)
                .containsExactly(Pii.maskedTrace("one"), Pii.maskedTrace("three"));
        assertThat(rows.get(1).payload()).isEqualTo(StoredTraces.jsonb(Pii.maskedPayload("two")));
        StoredTraces.assertNoRawValue();
    }

    @Test
    void insertValuesWithManyRows() throws SQLException {
        StringJoiner values = new StringJoiner(",\n  ");
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            values.add("('many', " + quote(Pii.trace("row " + i)) + ", " + quote(Pii.payload("row " + i)) + ")");
            expected.add(Pii.maskedTrace("row " + i));
        }
        execute("INSERT INTO " + TRACES + " (agent, reasoning, payload) VALUES\n  " + values);

        assertThat(StoredTraces.reasonings()).containsExactlyElementsOf(expected);
        assertThat(StoredTraces.payloads()).allSatisfy(payload -> assertThat(payload).contains(Pii.CARD_DASHED_MASKED));
        assertThat(StoredTraces.payloads().get(59)).isEqualTo(StoredTraces.jsonb(Pii.maskedPayload("row 59")));
        StoredTraces.assertNoRawValue();
    }

    @Test
    void insertWithoutColumnListUsesTheTablesColumnOrder() throws SQLException {
        execute("INSERT INTO " + TRACES + " VALUES (DEFAULT, 'nolist', DEFAULT, " + quote(Pii.trace("no list")) + ", "
                + quote(Pii.payload("no list")) + ")");

        assertThat(StoredTraces.reasonings()).containsExactly(Pii.maskedTrace("no list"));
        assertThat(StoredTraces.payloads()).containsExactly(StoredTraces.jsonb(Pii.maskedPayload("no list")));
    }

    @Test
    void insertSelectOfLiterals() throws SQLException {
        execute("INSERT INTO " + TRACES + " (agent, reasoning, payload) SELECT 'sel', " + quote(Pii.trace("sel 1"))
                + ", " + quote(Pii.payload("sel 1")) + "::jsonb UNION ALL SELECT 'sel', " + quote(Pii.trace("sel 2"))
                + ", NULL ORDER BY 2");

        assertThat(StoredTraces.reasonings()).containsExactlyInAnyOrder(Pii.maskedTrace("sel 1"), Pii.maskedTrace("sel 2"));
        StoredTraces.assertNoRawValue();
    }

    @Test
    void insertOnConflictDoUpdate() throws SQLException {
        execute("INSERT INTO " + TRACES + " (id, agent, reasoning) VALUES (7, 'upsert', 'first, clean')");
        execute("INSERT INTO " + TRACES + " (id, agent, reasoning, payload) VALUES (7, 'upsert', "
                + quote(Pii.trace("ignored")) + ", " + quote(Pii.payload("ignored")) + ")"
                + " ON CONFLICT (id) DO UPDATE SET reasoning = " + quote(Pii.trace("conflict")) + ","
                + " payload = EXCLUDED.payload");
        execute("INSERT INTO " + TRACES + " (id, agent, reasoning) VALUES (8, 'upsert', " + quote(Pii.trace("new"))
                + ") ON CONFLICT (id) DO UPDATE SET reasoning = EXCLUDED.reasoning");

        List<StoredTraces.Row> rows = StoredTraces.all();
        assertThat(rows).extracting(StoredTraces.Row::reasoning)
                .containsExactly(Pii.maskedTrace("conflict"), Pii.maskedTrace("new"));
        assertThat(rows.get(0).payload()).isEqualTo(StoredTraces.jsonb(Pii.maskedPayload("ignored")));
        StoredTraces.assertNoRawValue();
    }

    @Test
    void updateSet() throws SQLException {
        execute("INSERT INTO " + TRACES + " (agent, reasoning) VALUES ('upd', 'clean'), ('upd', 'also clean')");
        execute("UPDATE " + TRACES + " SET reasoning = " + quote(Pii.trace("updated")) + ", payload = "
                + quote(Pii.payload("updated")) + "::jsonb WHERE reasoning = 'clean'");

        List<StoredTraces.Row> rows = StoredTraces.all();
        assertThat(rows).extracting(StoredTraces.Row::reasoning).containsExactly(Pii.maskedTrace("updated"), "also clean");
        assertThat(rows.get(0).payload()).isEqualTo(StoredTraces.jsonb(Pii.maskedPayload("updated")));
        StoredTraces.assertNoRawValue();
    }

    @Test
    void withInsert() throws SQLException {
        execute("WITH written AS (INSERT INTO " + TRACES + " (agent, reasoning) VALUES ('cte', "
                + quote(Pii.trace("cte body")) + ") RETURNING id) SELECT count(*) FROM written");
        execute("WITH settings AS (SELECT 1 AS n) INSERT INTO " + TRACES + " (agent, reasoning) VALUES ('cte', "
                + quote(Pii.trace("cte head")) + ")");

        assertThat(StoredTraces.reasonings()).containsExactly(Pii.maskedTrace("cte body"), Pii.maskedTrace("cte head"));
        StoredTraces.assertNoRawValue();
    }

    @Test
    void merge() throws SQLException {
        execute("INSERT INTO " + TRACES + " (id, agent, reasoning) VALUES (1, 'merge', 'before')");
        String merge = "MERGE INTO " + TRACES + " AS t USING (SELECT %d AS id) AS s ON t.id = s.id"
                + " WHEN MATCHED THEN UPDATE SET reasoning = " + quote(Pii.trace("matched"))
                + " WHEN NOT MATCHED THEN INSERT (id, agent, reasoning) VALUES (s.id, 'merge', "
                + quote(Pii.trace("inserted")) + ")";
        execute(String.format(merge, 1));
        execute(String.format(merge, 2));

        assertThat(StoredTraces.reasonings()).containsExactly(Pii.maskedTrace("matched"), Pii.maskedTrace("inserted"));
        StoredTraces.assertNoRawValue();
    }

    @Test
    void parametersTheDriverInlinesIntoTheQuery() throws SQLException {
        try (Connection connection = Gateways.simple(gateway.fixture());
                PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO " + TRACES + " (agent, reasoning, payload) VALUES (?, ?, ?::jsonb)")) {
            // A quote and backslashes make the driver's own escaping part of what is checked.
            String tricky = Pii.trace("inlined it's C:\\tmp\\x");
            insert.setString(1, "inline");
            insert.setString(2, tricky);
            insert.setString(3, Pii.payload("inlined"));
            insert.executeUpdate();
        }

        assertThat(StoredTraces.reasonings()).containsExactly(Pii.maskedTrace("inlined it's C:\\tmp\\x"));
        assertThat(StoredTraces.payloads()).containsExactly(StoredTraces.jsonb(Pii.maskedPayload("inlined")));
    }

    private static void execute(String sql) throws SQLException {
        try (Connection connection = Gateways.simple(gateway.fixture()); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
