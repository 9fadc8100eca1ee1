package io.tracegate.it.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tracegate.it.support.GatewayFixture;
import io.tracegate.it.support.PostgresFixture;
import io.tracegate.it.support.RawPgClient;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;

/**
 * The upstream pool: {@code max_size} and {@code acquire_timeout} (then 53300 naming the pool),
 * and the reset that keeps one client's session state from reaching the next.
 */
class PoolTest {

    private static final String TABLE = "it_gw_pool";

    /** Two upstream connections, a one-second wait for a third. */
    private static GatewayFixture twoConnections;
    /** One upstream connection, so consecutive clients are served by the same backend. */
    private static GatewayFixture oneConnection;

    @BeforeAll
    static void start() throws SQLException {
        Direct.execute("DROP TABLE IF EXISTS " + TABLE, "CREATE TABLE " + TABLE + " (id int PRIMARY KEY)");
        twoConnections = GatewayFixture.builder().with("POOL_MAX", "2").with("POOL_ACQUIRE_TIMEOUT", "1s").start();
        oneConnection = GatewayFixture.builder().with("POOL_MAX", "1").with("POOL_MIN_IDLE", "1").with("POOL_ACQUIRE_TIMEOUT", "5s").start();
    }

    @AfterAll
    static void stop() throws SQLException {
        twoConnections.close();
        oneConnection.close();
        Direct.execute("DROP TABLE IF EXISTS " + TABLE);
    }

    @Test
    void aClientOverMaxSizeGets53300NamingThePoolThenALaterOneGetsIn() throws Exception {
        PostgresFixture postgres = PostgresFixture.shared();
        String poolName = "gateway@" + postgres.host() + ":" + postgres.port() + "/traces";
        try (Connection first = twoConnections.connect(); Connection second = twoConnections.connect()) {
            assertThat(queryString(first, "SELECT 'first'")).isEqualTo("first");
            assertThat(queryString(second, "SELECT 'second'")).isEqualTo("second");

            long startedAt = System.nanoTime();
            PSQLException refused = catchThrowableOfType(PSQLException.class, () -> twoConnections.connect().close());
            Duration waited = Duration.ofNanos(System.nanoTime() - startedAt);
            assertThat((Throwable) refused).isNotNull();
            assertThat(refused.getSQLState()).isEqualTo("53300");
            assertThat(refused.getServerErrorMessage().getMessage()).contains("upstream pool " + poolName);
            assertThat(waited).isGreaterThanOrEqualTo(Duration.ofMillis(900)).isLessThan(Duration.ofSeconds(5));

            first.close();
            try (Connection third = twoConnections.connect()) {
                assertThat(queryString(third, "SELECT 'third'")).isEqualTo("third");
            }
            assertThat(queryString(second, "SELECT 'second again'")).isEqualTo("second again");
        }
    }

    @Test
    void aWaitingClientGetsTheConnectionAnotherGivesBack() throws Exception {
        Connection first = twoConnections.connect();
        try (Connection second = twoConnections.connect()) {
            CompletableFuture<String> third = CompletableFuture.supplyAsync(() -> {
                try (Connection connection = twoConnections.connect()) {
                    return queryString(connection, "SELECT 'waited'");
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(200);
            first.close();
            assertThat(third.get(10, TimeUnit.SECONDS)).isEqualTo("waited");
        } finally {
            first.close();
        }
    }

    @Test
    void clientsLeavingInTheMiddleOfTheirLoginDoNotUseUpThePool() throws Exception {
        // Each leaves right after its SCRAM proof, while the gateway is leasing it an upstream
        // connection: the connection must go back to the pool, or the pool of two runs dry.
        for (int i = 0; i < 10; i++) {
            try (RawPgClient client = RawPgClient.connect("127.0.0.1", twoConnections.port(), Duration.ofSeconds(5))) {
                client.sendScramProof(GatewayFixture.AGENT, GatewayFixture.AGENT_PASSWORD, PostgresFixture.TRACES_DATABASE);
            }
        }
        try (Connection first = twoConnections.connect(); Connection second = twoConnections.connect()) {
            assertThat(queryString(first, "SELECT 'first'")).isEqualTo("first");
            assertThat(queryString(second, "SELECT 'second'")).isEqualTo("second");
        }
    }

    @Test
    void clientsLeavingWhileTheyWaitForAConnectionDoNotUseUpThePool() throws Exception {
        Connection first = twoConnections.connect();
        try (Connection second = twoConnections.connect()) {
            // These wait for one of the two held connections, and leave while waiting.
            for (int i = 0; i < 5; i++) {
                try (RawPgClient client = RawPgClient.connect("127.0.0.1", twoConnections.port(), Duration.ofSeconds(5))) {
                    client.sendScramProof(GatewayFixture.AGENT, GatewayFixture.AGENT_PASSWORD,
                            PostgresFixture.TRACES_DATABASE);
                    Thread.sleep(50);
                }
            }
            first.close();
            try (Connection third = twoConnections.connect()) {
                assertThat(queryString(third, "SELECT 'third'")).isEqualTo("third");
                assertThat(queryString(second, "SELECT 'second'")).isEqualTo("second");
            }
        } finally {
            first.close();
        }
    }

    @Test
    void aPooledConnectionWhoseBackendIsTerminatedIsReplacedWithoutTheNextClientNoticing() throws Exception {
        // The backend is terminated while its connection idles in the pool, and the next client
        // logs in at once: the connection may still look alive when it is leased, and dies
        // during the login. The client must get a fresh connection, not the dead one's FATAL.
        for (int round = 0; round < 20; round++) {
            int oldBackend;
            try (Connection first = oneConnection.connect()) {
                oldBackend = queryInt(first, "SELECT pg_backend_pid()");
            }
            awaitIdleInPool(oldBackend);
            assertThat(Direct.queryLongAsSuperuser("SELECT count(pg_terminate_backend(" + oldBackend + "))")).isEqualTo(1);
            try (Connection next = oneConnection.connect()) {
                assertThat(queryInt(next, "SELECT pg_backend_pid()")).as("round %d", round).isNotEqualTo(oldBackend);
            }
        }
    }

    /** Waits until the backend's connection is back in the pool, reset (DISCARD ALL restores the gateway's name). */
    private static void awaitIdleInPool(int backend) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (Direct.queryLongAsSuperuser("SELECT count(*) FROM pg_stat_activity WHERE pid = " + backend
                + " AND state = 'idle' AND application_name = 'tracegate'") == 0) {
            assertThat(System.nanoTime()).as("pooled connection back to idle").isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    @Test
    void sessionStateDoesNotLeakToTheNextClientOfTheSameBackend() throws SQLException {
        int backend;
        try (Connection first = oneConnection.connect(); Statement statement = first.createStatement()) {
            backend = queryInt(first, "SELECT pg_backend_pid()");
            statement.execute("SET application_name = 'it-gw-first-client'");
            statement.execute("SET statement_timeout = '4321s'");
            statement.execute("SELECT set_config('tracegate_it.marker', 'first-client', false)");
            statement.execute("PREPARE it_gw_leaked AS SELECT 1");
            statement.execute("LISTEN it_gw_leaked_channel");
        }
        try (Connection next = oneConnection.connect()) {
            assertThat(queryInt(next, "SELECT pg_backend_pid()")).as("served by the same backend").isEqualTo(backend);
            assertThat(queryString(next, "SELECT current_setting('application_name')")).isEqualTo("PostgreSQL JDBC Driver");
            assertThat(queryString(next, "SELECT current_setting('statement_timeout')")).isEqualTo("0");
            assertThat(queryString(next, "SELECT coalesce(current_setting('tracegate_it.marker', true), '')")).isEmpty();
            assertThat(queryInt(next, "SELECT count(*) FROM pg_prepared_statements WHERE name = 'it_gw_leaked'")).isZero();
            assertThat(queryInt(next, "SELECT count(*) FROM pg_listening_channels()")).isZero();
        }
    }

    @Test
    void protocolLevelNamedStatementsOfOneClientDoNotCollideWithTheNext() throws SQLException {
        // pgjdbc names its server-side statements S_1, S_2, ... per connection: the next client
        // on the same backend prepares S_1 again, which fails unless the reset deallocated it.
        Properties properties = new Properties();
        properties.setProperty("prepareThreshold", "1");
        for (int client = 0; client < 3; client++) {
            try (Connection connection = oneConnection.connect(properties);
                 PreparedStatement statement = connection.prepareStatement("SELECT ?::int * 2")) {
                for (int i = 0; i < 3; i++) {
                    statement.setInt(1, client * 10 + i);
                    try (ResultSet rs = statement.executeQuery()) {
                        rs.next();
                        assertThat(rs.getInt(1)).isEqualTo(2 * (client * 10 + i));
                    }
                }
                assertThat(queryInt(connection, "SELECT count(*) FROM pg_prepared_statements WHERE name LIKE 'S\\_%'"))
                        .isPositive();
            }
        }
    }

    @Test
    void aClientThatVanishesMidQueryFreesItsPoolSlotAtOnce() throws Exception {
        try (RawPgClient client = RawPgClient.connect("127.0.0.1", oneConnection.port(), Duration.ofSeconds(5))) {
            client.loginScram(GatewayFixture.AGENT, GatewayFixture.AGENT_PASSWORD, PostgresFixture.TRACES_DATABASE);
            client.query("SELECT pg_sleep(3)");
        }
        // The busy connection cannot be reset, so it is dropped and a new one opened for the next
        // client, who does not wait for the abandoned query to finish.
        long startedAt = System.nanoTime();
        try (Connection next = oneConnection.connect()) {
            assertThat(queryString(next, "SELECT 'not kept waiting'")).isEqualTo("not kept waiting");
        }
        assertThat(Duration.ofNanos(System.nanoTime() - startedAt)).isLessThan(Duration.ofMillis(2_500));
    }

    @Test
    void aClientLeavingInsideATransactionLeavesNothingBehind() throws SQLException {
        int backend;
        try (Connection first = oneConnection.connect()) {
            backend = queryInt(first, "SELECT pg_backend_pid()");
            first.setAutoCommit(false);
            try (Statement statement = first.createStatement()) {
                statement.executeUpdate("INSERT INTO " + TABLE + " (id) VALUES (1)");
            }
            // Closed without COMMIT or ROLLBACK.
        }
        try (Connection next = oneConnection.connect(); Statement statement = next.createStatement()) {
            assertThat(queryInt(next, "SELECT pg_backend_pid()")).as("served by the same backend").isEqualTo(backend);
            statement.executeUpdate("INSERT INTO " + TABLE + " (id) VALUES (2)");
        }
        assertThat(Direct.queryLong("SELECT count(*) FROM " + TABLE + " WHERE id = 1")).isZero();
        assertThat(Direct.queryLong("SELECT count(*) FROM " + TABLE + " WHERE id = 2")).isEqualTo(1);
    }

    private static String queryString(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static int queryInt(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
