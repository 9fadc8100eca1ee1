package io.tracegate.it.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.tracegate.it.support.GatewayFixture;
import io.tracegate.it.support.PostgresFixture;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * pgjdbc through HikariCP and the gateway, with {@code prepareThreshold} 0 (unnamed statements
 * only), 1 (named from the first use) and 5 (pgjdbc's default switch after five uses): the three
 * ways pgjdbc drives the extended protocol.
 */
class JdbcRelayTest {

    private static final String TABLE = "it_gw_jdbc";

    private static GatewayFixture gateway;
    private static final Map<Integer, HikariDataSource> pools = new HashMap<>();

    @BeforeAll
    static void start() throws SQLException {
        Direct.execute("DROP TABLE IF EXISTS " + TABLE,
                "CREATE TABLE " + TABLE + " (id bigserial PRIMARY KEY, test text NOT NULL, threshold int NOT NULL,"
                        + " name text, amount numeric(12,2))");
        gateway = GatewayFixture.start();
    }

    @AfterAll
    static void stop() throws SQLException {
        pools.values().forEach(HikariDataSource::close);
        gateway.close();
        Direct.execute("DROP TABLE IF EXISTS " + TABLE);
    }

    private static synchronized HikariDataSource pool(int prepareThreshold) {
        return pools.computeIfAbsent(prepareThreshold, threshold -> {
            HikariConfig config = new HikariConfig();
            config.setPoolName("it-gw-threshold-" + threshold);
            config.setJdbcUrl(gateway.jdbcUrl("prepareThreshold=" + threshold + "&sslmode=disable"));
            config.setUsername(GatewayFixture.AGENT);
            config.setPassword(GatewayFixture.AGENT_PASSWORD);
            config.setMaximumPoolSize(2);
            config.setMinimumIdle(1);
            return new HikariDataSource(config);
        });
    }

    @ParameterizedTest(name = "prepareThreshold={0}")
    @ValueSource(ints = {0, 1, 5})
    void parametersOfManyTypesRoundTrip(int threshold) throws SQLException {
        String sql = "SELECT ?::int + 1, ?::text || '!', ?::numeric * 2, NOT ?::boolean, ?::timestamptz, ?::text IS NULL";
        try (Connection connection = pool(threshold).getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < 12; i++) {
                Instant when = Instant.parse("2026-01-02T03:04:05.678Z").plusSeconds(i * 3600L);
                statement.setInt(1, i);
                statement.setString(2, "Grüße ✓ " + i + " it's");
                statement.setBigDecimal(3, new BigDecimal("12.345").add(BigDecimal.valueOf(i)));
                statement.setBoolean(4, i % 2 == 0);
                statement.setTimestamp(5, Timestamp.from(when));
                statement.setString(6, i % 3 == 0 ? null : "x");
                try (ResultSet rs = statement.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getInt(1)).isEqualTo(i + 1);
                    assertThat(rs.getString(2)).isEqualTo("Grüße ✓ " + i + " it's!");
                    assertThat(rs.getBigDecimal(3)).isEqualByComparingTo(
                            new BigDecimal("24.690").add(BigDecimal.valueOf(2L * i)));
                    assertThat(rs.getBoolean(4)).isEqualTo(i % 2 != 0);
                    assertThat(rs.getTimestamp(5).toInstant()).isEqualTo(when);
                    assertThat(rs.getBoolean(6)).isEqualTo(i % 3 == 0);
                    assertThat(rs.next()).isFalse();
                }
            }
        }
    }

    @ParameterizedTest(name = "prepareThreshold={0}")
    @ValueSource(ints = {0, 1, 5})
    void serverPreparedStatementsAreReusedByName(int threshold) throws SQLException {
        Set<String> throughGateway;
        try (Connection connection = pool(threshold).getConnection()) {
            runPreparedWorkload(connection);
            throughGateway = namedStatements(connection);
        }
        Properties direct = new Properties();
        direct.setProperty("user", PostgresFixture.GATEWAY_USER);
        direct.setProperty("password", PostgresFixture.GATEWAY_PASSWORD);
        direct.setProperty("prepareThreshold", Integer.toString(threshold));
        Set<String> withoutGateway;
        try (Connection connection = DriverManager.getConnection(PostgresFixture.shared().tracesJdbcUrl(), direct)) {
            runPreparedWorkload(connection);
            withoutGateway = namedStatements(connection);
        }
        // The upstream session holds exactly the statements pgjdbc prepares by name (S_1, S_2, ...)
        // when it talks to PostgreSQL directly: the gateway neither loses nor adds any.
        assertThat(throughGateway).isEqualTo(withoutGateway);
        if (threshold > 0) {
            assertThat(throughGateway).contains(WORKLOAD_SQL);
        }
    }

    private static final String WORKLOAD_SQL = "SELECT g, 'row ' || g FROM generate_series(1, $1) g WHERE g % $2 = 0 ORDER BY g";

    private static void runPreparedWorkload(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(WORKLOAD_SQL.replace("$1", "?").replace("$2", "?"))) {
            // Describe before the first Execute, as tools reading metadata do.
            assertThat(statement.getMetaData().getColumnCount()).isEqualTo(2);
            for (int run = 1; run <= 25; run++) {
                statement.setInt(1, 100);
                statement.setInt(2, run);
                int expected = run;
                int rows = 0;
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        assertThat(rs.getInt(1)).isEqualTo(expected);
                        assertThat(rs.getString(2)).isEqualTo("row " + expected);
                        expected += run;
                        rows++;
                    }
                }
                assertThat(rows).isEqualTo(100 / run);
            }
        }
    }

    /** The texts of the protocol-level named statements of the connection's server session. */
    private static Set<String> namedStatements(Connection connection) throws SQLException {
        Set<String> statements = new TreeSet<>();
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(
                     "SELECT statement FROM pg_prepared_statements WHERE NOT from_sql AND statement LIKE '%generate_series%'")) {
            while (rs.next()) {
                statements.add(rs.getString(1));
            }
        }
        return statements;
    }

    @ParameterizedTest(name = "prepareThreshold={0}")
    @ValueSource(ints = {0, 1, 5})
    void transactionsCommitAndRollBack(int threshold) throws SQLException {
        try (Connection connection = pool(threshold).getConnection()) {
            connection.setAutoCommit(false);
            try {
                insert(connection, "commit", threshold, 8);
                connection.commit();
                insert(connection, "rollback", threshold, 6);
                // Visible inside the transaction...
                assertThat(countInSession(connection, "rollback", threshold)).isEqualTo(6);
                connection.rollback();
            } finally {
                connection.setAutoCommit(true);
            }
            assertThat(countInSession(connection, "rollback", threshold)).isZero();
        }
        // ...and what PostgreSQL itself holds.
        assertThat(countDirect("commit", threshold)).isEqualTo(8);
        assertThat(countDirect("rollback", threshold)).isZero();
    }

    @ParameterizedTest(name = "prepareThreshold={0}")
    @ValueSource(ints = {0, 1, 5})
    void errorInsideTransactionThenRollbackAndCarryOn(int threshold) throws SQLException {
        try (Connection connection = pool(threshold).getConnection()) {
            connection.setAutoCommit(false);
            try {
                insert(connection, "failed-tx", threshold, 3);
                assertThatThrownBy(() -> queryInt(connection, "SELECT 1 / (? - 1)", 1))
                        .isInstanceOf(SQLException.class)
                        .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("22012");
                assertThatThrownBy(() -> insert(connection, "failed-tx", threshold, 1))
                        .isInstanceOf(SQLException.class)
                        .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("25P02");
                connection.rollback();

                insert(connection, "after-rollback", threshold, 2);
                Savepoint savepoint = connection.setSavepoint();
                assertThatThrownBy(() -> queryInt(connection, "SELECT 1 / (? - 1)", 1))
                        .isInstanceOf(SQLException.class);
                connection.rollback(savepoint);
                insert(connection, "after-rollback", threshold, 1);
                connection.commit();
            } finally {
                connection.setAutoCommit(true);
            }
            assertThat(queryInt(connection, "SELECT ? + 41", 1)).isEqualTo(42);
        }
        assertThat(countDirect("failed-tx", threshold)).isZero();
        assertThat(countDirect("after-rollback", threshold)).isEqualTo(3);
    }

    private static void insert(Connection connection, String test, int threshold, int rows) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "INSERT INTO " + TABLE + " (test, threshold, name, amount) VALUES (?, ?, ?, ?)")) {
            for (int i = 0; i < rows; i++) {
                statement.setString(1, test);
                statement.setInt(2, threshold);
                statement.setString(3, "item " + i);
                statement.setBigDecimal(4, BigDecimal.valueOf(i * 100 + 5, 2));
                assertThat(statement.executeUpdate()).isEqualTo(1);
            }
        }
    }

    private static int queryInt(Connection connection, String sql, int parameter) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setInt(1, parameter);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static long countInSession(Connection connection, String test, int threshold) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT count(*) FROM " + TABLE + " WHERE test = ? AND threshold = ?")) {
            statement.setString(1, test);
            statement.setInt(2, threshold);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static long countDirect(String test, int threshold) throws SQLException {
        return Direct.queryLong("SELECT count(*) FROM " + TABLE + " WHERE test = '" + test + "' AND threshold = " + threshold);
    }
}
