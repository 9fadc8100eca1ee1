package io.tracegate.it.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracegate.it.support.GatewayFixture;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code executeBatch} of INSERTs through the gateway, as pgjdbc sends it: many Parse/Bind/Execute
 * groups with a Sync only at the end (and a forced one when its estimate of unread replies grows),
 * or, with {@code reWriteBatchedInserts=true}, multi-row INSERTs. Every row must arrive.
 */
class BatchTest {

    private static final String TABLE = "it_gw_batch";

    private static GatewayFixture gateway;

    @BeforeAll
    static void start() throws SQLException {
        Direct.execute("DROP TABLE IF EXISTS " + TABLE,
                "CREATE TABLE " + TABLE + " (test text NOT NULL, id int NOT NULL, name text NOT NULL,"
                        + " amount numeric(12,2), PRIMARY KEY (test, id))");
        gateway = GatewayFixture.start();
    }

    @AfterAll
    static void stop() throws SQLException {
        gateway.close();
        Direct.execute("DROP TABLE IF EXISTS " + TABLE);
    }

    private static Connection connect(boolean rewrite) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("reWriteBatchedInserts", Boolean.toString(rewrite));
        return gateway.connect(properties);
    }

    @ParameterizedTest(name = "reWriteBatchedInserts={0}")
    @ValueSource(booleans = {false, true})
    void everyRowOfLargeBatchesArrives(boolean rewrite) throws Exception {
        String test = "large-" + rewrite;
        int rows = 3_000;
        try (Connection connection = connect(rewrite)) {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO " + TABLE + " (test, id, name, amount) VALUES (?, ?, ?, ?)")) {
                for (int chunk = 0; chunk < rows; chunk += 1_000) {
                    for (int id = chunk; id < chunk + 1_000; id++) {
                        insert.setString(1, test);
                        insert.setInt(2, id);
                        insert.setString(3, name(id));
                        insert.setBigDecimal(4, BigDecimal.valueOf(id, 2));
                        insert.addBatch();
                    }
                    int[] counts = insert.executeBatch();
                    assertThat(counts).hasSize(1_000);
                    assertThat(Arrays.stream(counts)).allMatch(count -> count == 1 || count == Statement.SUCCESS_NO_INFO);
                }
            }
            connection.commit();
        }
        assertThat(Direct.queryLong("SELECT count(*) FROM " + TABLE + " WHERE test = '" + test + "'")).isEqualTo(rows);
        assertThat(Direct.queryLong("SELECT sum(amount * 100) FROM " + TABLE + " WHERE test = '" + test + "'"))
                .isEqualTo((long) rows * (rows - 1) / 2);
        assertThat(directDigest(test)).isEqualTo(expectedDigest(rows));
    }

    @ParameterizedTest(name = "reWriteBatchedInserts={0}")
    @ValueSource(booleans = {false, true})
    void autocommitBatchOfWideRowsArrives(boolean rewrite) throws Exception {
        // 2 KB per row: pgjdbc's replies estimate makes it Sync and read in the middle of the
        // batch, so the relay must keep both directions moving.
        String test = "wide-" + rewrite;
        String padding = "w".repeat(2_000);
        int rows = 1_500;
        try (Connection connection = connect(rewrite);
             PreparedStatement insert = connection.prepareStatement(
                     "INSERT INTO " + TABLE + " (test, id, name) VALUES (?, ?, ?)")) {
            for (int id = 0; id < rows; id++) {
                insert.setString(1, test);
                insert.setInt(2, id);
                insert.setString(3, id + padding);
                insert.addBatch();
            }
            assertThat(insert.executeBatch()).hasSize(rows);
        }
        assertThat(Direct.queryLong("SELECT count(*) FROM " + TABLE + " WHERE test = '" + test + "'")).isEqualTo(rows);
        assertThat(Direct.queryLong("SELECT sum(length(name)) FROM " + TABLE + " WHERE test = '" + test + "'"))
                .isEqualTo(rows * 2_000L + digitsOfIdsBelow(rows));
    }

    @ParameterizedTest(name = "reWriteBatchedInserts={0}")
    @ValueSource(booleans = {false, true})
    void aFailingBatchRollsBackAndTheConnectionCarriesOn(boolean rewrite) throws SQLException {
        String test = "dup-" + rewrite;
        try (Connection connection = connect(rewrite)) {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO " + TABLE + " (test, id, name) VALUES (?, ?, ?)")) {
                for (int id : new int[] {1, 2, 3, 2, 4}) {
                    insert.setString(1, test);
                    insert.setInt(2, id);
                    insert.setString(3, name(id));
                    insert.addBatch();
                }
                assertThatThrownBy(insert::executeBatch)
                        .isInstanceOf(BatchUpdateException.class)
                        .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("23505");
            }
            connection.rollback();
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO " + TABLE + " (test, id, name) VALUES (?, ?, ?)")) {
                insert.setString(1, test);
                insert.setInt(2, 10);
                insert.setString(3, name(10));
                insert.addBatch();
                insert.executeBatch();
            }
            connection.commit();
        }
        assertThat(Direct.queryLong("SELECT count(*) FROM " + TABLE + " WHERE test = '" + test + "'")).isEqualTo(1);
    }

    private static String name(int id) {
        return "item-" + id + "-Ω";
    }

    private static long digitsOfIdsBelow(int rows) {
        long digits = 0;
        for (int id = 0; id < rows; id++) {
            digits += Integer.toString(id).length();
        }
        return digits;
    }

    private static String directDigest(String test) throws SQLException {
        return Direct.queryString("SELECT md5(string_agg(name, ',' ORDER BY id)) FROM " + TABLE
                + " WHERE test = '" + test + "'");
    }

    private static String expectedDigest(int rows) throws NoSuchAlgorithmException {
        StringBuilder joined = new StringBuilder();
        for (int id = 0; id < rows; id++) {
            if (id > 0) {
                joined.append(',');
            }
            joined.append(name(id));
        }
        byte[] md5 = MessageDigest.getInstance("MD5").digest(joined.toString().getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(md5);
    }
}
