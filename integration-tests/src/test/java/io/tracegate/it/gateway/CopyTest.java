package io.tracegate.it.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracegate.it.support.GatewayFixture;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

/** {@code COPY ... FROM STDIN} and {@code COPY ... TO STDOUT} through the gateway with pgjdbc's CopyManager. */
class CopyTest {

    private static final String TABLE = "it_gw_copy";

    private static GatewayFixture gateway;

    @BeforeAll
    static void start() throws SQLException {
        Direct.execute("DROP TABLE IF EXISTS " + TABLE,
                "CREATE TABLE " + TABLE + " (id int PRIMARY KEY, name text, note text)");
        gateway = GatewayFixture.start();
    }

    @AfterAll
    static void stop() throws SQLException {
        gateway.close();
        Direct.execute("DROP TABLE IF EXISTS " + TABLE);
    }

    @Test
    void textFormatRoundTripsExactly() throws Exception {
        // Escapes of the text format: \t, \n, \\ and \N for NULL.
        String rows = "1\tplain\tnote one\n"
                + "2\twith\\ttab\t\\N\n"
                + "3\tback\\\\slash\tline\\nbreak\n"
                + "4\tünïcödé ✓\t\n";
        try (Connection connection = gateway.connect()) {
            CopyManager copy = copyManager(connection);
            assertThat(copy.copyIn("COPY " + TABLE + " (id, name, note) FROM STDIN", new StringReader(rows))).isEqualTo(4);
            assertThat(copyOut(copy, "COPY (SELECT * FROM " + TABLE + " WHERE id BETWEEN 1 AND 4 ORDER BY id) TO STDOUT"))
                    .isEqualTo(rows);
        }
        assertThat(Direct.queryString("SELECT name FROM " + TABLE + " WHERE id = 2")).isEqualTo("with\ttab");
        assertThat(Direct.queryLong("SELECT count(*) FROM " + TABLE + " WHERE id = 2 AND note IS NULL")).isEqualTo(1);
    }

    @Test
    void csvFormatRoundTripsExactly() throws Exception {
        String rows = "101,\"comma, inside\",\"quote \"\" inside\"\n"
                + "102,multi,\"line\nbreak\"\n"
                + "103,,unquoted\n";
        try (Connection connection = gateway.connect()) {
            CopyManager copy = copyManager(connection);
            assertThat(copy.copyIn("COPY " + TABLE + " FROM STDIN WITH (FORMAT csv)", new StringReader(rows))).isEqualTo(3);
            assertThat(copyOut(copy, "COPY (SELECT * FROM " + TABLE + " WHERE id BETWEEN 101 AND 103 ORDER BY id)"
                    + " TO STDOUT WITH (FORMAT csv)")).isEqualTo(rows);
        }
        assertThat(Direct.queryString("SELECT note FROM " + TABLE + " WHERE id = 102")).isEqualTo("line\nbreak");
        assertThat(Direct.queryLong("SELECT count(*) FROM " + TABLE + " WHERE id = 103 AND name IS NULL")).isEqualTo(1);
    }

    @Test
    void twentyThousandRowsInAndOut() throws Exception {
        StringBuilder rows = new StringBuilder();
        for (int id = 10_000; id < 30_000; id++) {
            rows.append(id).append('\t').append("name-").append(id).append('\t').append("n".repeat(id % 97)).append('\n');
        }
        try (Connection connection = gateway.connect()) {
            CopyManager copy = copyManager(connection);
            assertThat(copy.copyIn("COPY " + TABLE + " FROM STDIN", new StringReader(rows.toString()))).isEqualTo(20_000);
            String out = copyOut(copy, "COPY (SELECT * FROM " + TABLE + " WHERE id >= 10000 AND id < 30000 ORDER BY id) TO STDOUT");
            assertThat(out.length()).isEqualTo(rows.length());
            assertThat(out).isEqualTo(rows.toString());
        }
        assertThat(Direct.queryLong("SELECT count(*) FROM " + TABLE + " WHERE id >= 10000 AND id < 30000")).isEqualTo(20_000);
    }

    @Test
    void badDataFailsTheCopyAndTheConnectionCarriesOn() throws Exception {
        String rows = "201\tgood\tx\n202\tgood\tx\nnot-a-number\tbad\tx\n";
        try (Connection connection = gateway.connect()) {
            CopyManager copy = copyManager(connection);
            assertThatThrownBy(() -> copy.copyIn("COPY " + TABLE + " FROM STDIN", new StringReader(rows)))
                    .isInstanceOf(SQLException.class)
                    .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("22P02");
            assertThat(selectCount(connection, "id BETWEEN 201 AND 203")).isZero();
        }
    }

    @Test
    void aCopyTheClientAbandonsLeavesNothing() throws Exception {
        try (Connection connection = gateway.connect()) {
            CopyManager copy = copyManager(connection);
            CopyIn in = copy.copyIn("COPY " + TABLE + " FROM STDIN");
            byte[] row = "301\tabandoned\tx\n".getBytes(StandardCharsets.UTF_8);
            in.writeToCopy(row, 0, row.length);
            in.flushCopy();
            in.cancelCopy(); // CopyFail
            assertThat(in.isActive()).isFalse();
            assertThat(selectCount(connection, "id = 301")).isZero();
        }
        assertThat(Direct.queryLong("SELECT count(*) FROM " + TABLE + " WHERE id = 301")).isZero();
    }

    private static CopyManager copyManager(Connection connection) throws SQLException {
        return connection.unwrap(PGConnection.class).getCopyAPI();
    }

    private static String copyOut(CopyManager copy, String sql) throws SQLException, IOException {
        StringWriter out = new StringWriter();
        copy.copyOut(sql, out);
        return out.toString();
    }

    private static long selectCount(Connection connection, String where) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT count(*) FROM " + TABLE + " WHERE " + where)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
