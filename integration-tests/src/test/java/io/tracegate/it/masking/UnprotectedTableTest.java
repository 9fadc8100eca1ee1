package io.tracegate.it.masking;

import static io.tracegate.it.masking.SqlText.quote;
import static org.assertj.core.api.Assertions.assertThat;

import io.tracegate.it.support.GatewayFixture;
import io.tracegate.it.support.PostgresFixture;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

/**
 * Masking is for the policy's protected tables only: the same sensitive values written into a
 * table the policy does not list reach PostgreSQL exactly as sent, by every route.
 */
class UnprotectedTableTest {

    private static final String SCRATCH = "public.masking_unprotected_scratch";

    private static GatewayFixture gateway;

    @BeforeAll
    static void startGateway() {
        gateway = GatewayFixture.start();
    }

    @AfterAll
    static void stopGateway() throws SQLException {
        gateway.close();
        direct("DROP TABLE IF EXISTS " + SCRATCH);
    }

    @BeforeEach
    void freshScratchTable() throws SQLException {
        // Created directly: the gateway's policy refuses DDL from agents.
        direct("DROP TABLE IF EXISTS " + SCRATCH);
        direct("CREATE TABLE " + SCRATCH + " (id serial PRIMARY KEY, note text, doc jsonb)");
    }

    @Test
    void writesByEveryRouteArriveUntouched() throws Exception {
        try (Connection simple = Gateways.simple(gateway); Statement statement = simple.createStatement()) {
            statement.executeUpdate("INSERT INTO " + SCRATCH + " (note, doc) VALUES (" + quote(Pii.trace("simple"))
                    + ", " + quote(Pii.payload("simple")) + "), (E'" + Pii.trace("escaped") + "\\n', NULL)");
            statement.executeUpdate("UPDATE " + SCRATCH + " SET note = note || ' ' || " + quote(Pii.CARD)
                    + " WHERE doc IS NULL");
        }
        try (Connection extended = Gateways.connect(gateway, "prepareThreshold", "1", "reWriteBatchedInserts", "true");
                PreparedStatement insert = extended.prepareStatement(
                        "INSERT INTO " + SCRATCH + " (note, doc) VALUES (?, ?::jsonb)")) {
            for (String tag : List.of("batch 1", "batch 2")) {
                insert.setString(1, Pii.trace(tag));
                insert.setString(2, Pii.payload(tag));
                insert.addBatch();
            }
            insert.executeBatch();
            long copied = extended.unwrap(PGConnection.class).getCopyAPI().copyIn(
                    "COPY " + SCRATCH + " (note) FROM STDIN",
                    new ByteArrayInputStream((Pii.trace("copy") + "\n").getBytes(StandardCharsets.UTF_8)));
            assertThat(copied).isEqualTo(1);
        }

        assertThat(scratchRows()).containsExactly(
                Pii.trace("simple") + " | " + StoredTraces.jsonb(Pii.payload("simple")),
                Pii.trace("escaped") + "\n " + Pii.CARD + " | null",
                Pii.trace("batch 1") + " | " + StoredTraces.jsonb(Pii.payload("batch 1")),
                Pii.trace("batch 2") + " | " + StoredTraces.jsonb(Pii.payload("batch 2")),
                Pii.trace("copy") + " | null");
    }

    private static List<String> scratchRows() throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection connection = PostgresFixture.shared().connectAsGateway();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT note, doc::text FROM " + SCRATCH + " ORDER BY id")) {
            while (rs.next()) {
                rows.add(rs.getString(1) + " | " + rs.getString(2));
            }
        }
        return rows;
    }

    private static void direct(String sql) throws SQLException {
        try (Connection connection = PostgresFixture.shared().connectAsGateway();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
