package io.tracegate.it.masking;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracegate.it.support.GatewayExtension;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.util.PGobject;

/**
 * Bind parameters bound for protected columns, through pgjdbc's extended query protocol:
 * unnamed statements and the named {@code S_n} statements pgjdbc switches to after
 * {@code prepareThreshold} executions, text and binary transfer, {@code setString} into the text
 * column, {@code PGobject} json/jsonb into the jsonb column, and batches with and without
 * {@code reWriteBatchedInserts}. What PostgreSQL stores is read back directly.
 */
class ExtendedProtocolMaskingTest {

    private static final String INSERT =
            "INSERT INTO public.agent_traces (agent, reasoning, payload) VALUES (?, ?, ?)";

    @RegisterExtension
    static final GatewayExtension gateway = GatewayExtension.emptyingTracesBeforeEach();

    /**
     * Seven executions of one PreparedStatement: with threshold 0 every one is an unnamed Parse;
     * with 1 the first already creates a named statement; with 5 the fifth switches from unnamed
     * to named, and later ones only Bind it. Every row must be masked whichever path it took.
     */
    @ParameterizedTest(name = "prepareThreshold={0}, binaryTransfer={1}, payload type {2}")
    @CsvSource({
        "0, false, jsonb", "0, true, json",
        "1, false, json", "1, true, jsonb",
        "5, false, jsonb", "5, true, jsonb", "5, true, json"})
    void repeatedExecutionsAreMaskedOnUnnamedAndNamedStatements(int threshold, boolean binary, String jsonType)
            throws SQLException {
        int executions = 7;
        List<String> statementNames;
        try (Connection connection = Gateways.connect(gateway.fixture(), "prepareThreshold", Integer.toString(threshold),
                "binaryTransfer", Boolean.toString(binary));
                PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO public.agent_traces (agent, reasoning, payload) VALUES (?, ?, ?::jsonb)")) {
            for (int i = 0; i < executions; i++) {
                insert.setString(1, "ext");
                insert.setString(2, Pii.trace("exec " + i));
                insert.setObject(3, json(jsonType, Pii.payload("exec " + i)));
                assertThat(insert.executeUpdate()).isEqualTo(1);
            }
            statementNames = preparedStatementNames(connection);
        }

        if (threshold == 0) {
            assertThat(statementNames).as("named statements on the server").isEmpty();
        } else {
            assertThat(statementNames).as("named statements on the server").isNotEmpty();
        }
        List<StoredTraces.Row> rows = StoredTraces.all();
        assertThat(rows).hasSize(executions);
        for (int i = 0; i < executions; i++) {
            assertThat(rows.get(i).reasoning()).isEqualTo(Pii.maskedTrace("exec " + i));
            assertThat(rows.get(i).payload()).isEqualTo(StoredTraces.jsonb(Pii.maskedPayload("exec " + i)));
        }
        StoredTraces.assertNoRawValue();
    }

    @ParameterizedTest(name = "payload type {0}")
    @ValueSource(strings = {"json", "jsonb"})
    void pgObjectIntoTheJsonbColumnWithoutACast(String jsonType) throws SQLException {
        try (Connection connection = gateway.connect(); PreparedStatement insert = connection.prepareStatement(INSERT)) {
            insert.setString(1, "pgobject");
            insert.setNull(2, Types.VARCHAR);
            insert.setObject(3, json(jsonType, Pii.payload(jsonType)));
            insert.executeUpdate();
        }

        assertThat(StoredTraces.payloads()).containsExactly(StoredTraces.jsonb(Pii.maskedPayload(jsonType)));
        StoredTraces.assertNoRawValue();
    }

    /** {@code stringtype=unspecified}: text parameters go with type OID 0 and the server infers the type. */
    @Test
    void untypedStringParameters() throws SQLException {
        try (Connection connection = Gateways.connect(gateway.fixture(), "stringtype", "unspecified");
                PreparedStatement insert = connection.prepareStatement(INSERT)) {
            insert.setString(1, "untyped");
            insert.setString(2, Pii.trace("untyped"));
            insert.setString(3, Pii.payload("untyped"));
            insert.executeUpdate();
        }

        assertThat(StoredTraces.all()).singleElement().satisfies(row -> {
            assertThat(row.reasoning()).isEqualTo(Pii.maskedTrace("untyped"));
            assertThat(row.payload()).isEqualTo(StoredTraces.jsonb(Pii.maskedPayload("untyped")));
        });
    }

    /** Parameters and constants in one expression, an UPDATE, and RETURNING of the stored (masked) value. */
    @Test
    void parametersMixedWithConstantsInUpdateAndReturning() throws SQLException {
        try (Connection connection = gateway.connect()) {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO public.agent_traces (agent, reasoning) VALUES (?, ? || ' / ' || ?) RETURNING reasoning")) {
                insert.setString(1, "mixed");
                insert.setString(2, Pii.trace("left"));
                insert.setString(3, Pii.EMAIL);
                try (ResultSet rs = insert.executeQuery()) {
                    rs.next();
                    assertThat(rs.getString(1)).isEqualTo(Pii.maskedTrace("left") + " / " + Pii.EMAIL_MASKED);
                }
            }
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE public.agent_traces SET reasoning = reasoning || ?, payload = ?::jsonb WHERE agent = ?")) {
                update.setString(1, " + " + Pii.CARD);
                update.setString(2, Pii.payload("updated"));
                update.setString(3, "mixed");
                assertThat(update.executeUpdate()).isEqualTo(1);
            }
        }

        assertThat(StoredTraces.all()).singleElement().satisfies(row -> {
            assertThat(row.reasoning()).isEqualTo(
                    Pii.maskedTrace("left") + " / " + Pii.EMAIL_MASKED + " + " + Pii.CARD_MASKED);
            assertThat(row.payload()).isEqualTo(StoredTraces.jsonb(Pii.maskedPayload("updated")));
        });
        StoredTraces.assertNoRawValue();
    }

    /**
     * 37 rows in one batch. With reWriteBatchedInserts pgjdbc folds them into multi-row INSERTs
     * of up to 128 rows (here VALUES with 32 and 4 and 1 rows, parameters $1..$96 and so on).
     */
    @ParameterizedTest(name = "reWriteBatchedInserts={0}")
    @ValueSource(booleans = {false, true})
    void batchedInserts(boolean rewrite) throws SQLException {
        int rows = 37;
        try (Connection connection = Gateways.connect(gateway.fixture(), "reWriteBatchedInserts", Boolean.toString(rewrite));
                PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO public.agent_traces (agent, reasoning, payload) VALUES (?, ?, ?::jsonb)")) {
            for (int i = 0; i < rows; i++) {
                insert.setString(1, "batch");
                insert.setString(2, Pii.trace("batch " + i));
                insert.setObject(3, json("jsonb", Pii.payload("batch " + i)));
                insert.addBatch();
            }
            insert.executeBatch();
        }

        List<String> expected = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            expected.add(Pii.maskedTrace("batch " + i));
        }
        assertThat(StoredTraces.reasonings()).containsExactlyElementsOf(expected);
        assertThat(StoredTraces.payloads().get(rows - 1)).isEqualTo(StoredTraces.jsonb(Pii.maskedPayload("batch " + (rows - 1))));
        StoredTraces.assertNoRawValue();
    }

    @Test
    void batchedUpdates() throws SQLException {
        try (Connection connection = gateway.connect()) {
            try (Statement statement = connection.createStatement()) {
                statement.executeUpdate("INSERT INTO public.agent_traces (agent, reasoning) VALUES "
                        + "('upd', 'clean 1'), ('upd', 'clean 2'), ('upd', 'clean 3'), ('upd', 'clean 4'), ('upd', 'clean 5')");
            }
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE public.agent_traces SET reasoning = ? WHERE reasoning = ?")) {
                for (int n = 1; n <= 5; n++) {
                    update.setString(1, Pii.trace("update " + n));
                    update.setString(2, "clean " + n);
                    update.addBatch();
                }
                assertThat(update.executeBatch()).containsOnly(1);
            }
        }

        assertThat(StoredTraces.reasonings()).containsExactly(Pii.maskedTrace("update 1"), Pii.maskedTrace("update 2"),
                Pii.maskedTrace("update 3"), Pii.maskedTrace("update 4"), Pii.maskedTrace("update 5"));
    }

    /** A named statement, closed and re-prepared under the same name, then used again. */
    @Test
    void namedStatementReusedAcrossTransactionsAndAfterDeallocation() throws SQLException {
        try (Connection connection = Gateways.connect(gateway.fixture(), "prepareThreshold", "1")) {
            connection.setAutoCommit(false);
            for (int round = 0; round < 3; round++) {
                try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                    insert.setString(1, "named");
                    insert.setString(2, Pii.trace("round " + round));
                    insert.setNull(3, Types.OTHER);
                    insert.executeUpdate();
                }
                connection.commit();
            }
        }

        assertThat(StoredTraces.reasonings()).containsExactly(Pii.maskedTrace("round 0"), Pii.maskedTrace("round 1"),
                Pii.maskedTrace("round 2"));
    }

    private static PGobject json(String type, String value) throws SQLException {
        PGobject object = new PGobject();
        object.setType(type);
        object.setValue(value);
        return object;
    }

    private static List<String> preparedStatementNames(Connection connection) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT name FROM pg_prepared_statements ORDER BY name")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }
}
