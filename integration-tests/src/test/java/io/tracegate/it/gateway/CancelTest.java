package io.tracegate.it.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracegate.it.support.GatewayFixture;
import io.tracegate.it.support.RawPgClient;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

/**
 * BackendKeyData and CancelRequest: the client holds a key the gateway made up, and the gateway
 * turns a CancelRequest with that key into one for the upstream backend serving the client.
 */
class CancelTest {

    private static GatewayFixture gateway;
    private static GatewayFixture tlsOnly;
    private static ExecutorService executor;

    @BeforeAll
    static void start() {
        gateway = GatewayFixture.start();
        tlsOnly = GatewayFixture.builder().with("TLS_MODE", "require").start();
        executor = Executors.newSingleThreadExecutor();
    }

    @AfterAll
    static void stop() {
        executor.shutdownNow();
        gateway.close();
        tlsOnly.close();
    }

    @Test
    void theClientsKeyIsNotTheUpstreamBackendsPid() throws SQLException {
        try (Connection connection = gateway.connect()) {
            int clientPid = connection.unwrap(PGConnection.class).getBackendPID();
            int upstreamPid = queryInt(connection, "SELECT pg_backend_pid()");
            assertThat(clientPid).isPositive().isNotEqualTo(upstreamPid);
        }
    }

    @Test
    void statementCancelStopsARunningSleep() throws Exception {
        cancelARunningSleep(gateway, new Properties());
    }

    @Test
    void statementCancelWorksThroughAGatewayThatRequiresTls() throws Exception {
        Properties properties = new Properties();
        properties.setProperty("sslmode", "require");
        properties.setProperty("sslfactory", TrackingSslFactory.class.getName());
        cancelARunningSleep(tlsOnly, properties);
    }

    private static void cancelARunningSleep(GatewayFixture target, Properties extra) throws Exception {
        String application = "it-gw-cancel-" + UUID.randomUUID();
        Properties properties = new Properties();
        properties.putAll(extra);
        properties.setProperty("ApplicationName", application);
        try (Connection connection = target.connect(properties); Statement statement = connection.createStatement()) {
            long startedAt = System.nanoTime();
            Future<?> sleep = executor.submit(() -> statement.execute("SELECT pg_sleep(30)"));
            Direct.awaitActiveSleep(application);
            statement.cancel();

            assertThatThrownBy(() -> sleep.get(10, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(SQLException.class)
                    .extracting(e -> ((SQLException) e.getCause()).getSQLState()).isEqualTo("57014");
            assertThat(Duration.ofNanos(System.nanoTime() - startedAt)).isLessThan(Duration.ofSeconds(10));
            assertThat(queryInt(connection, "SELECT 7")).isEqualTo(7);
        }
    }

    @Test
    void aCancelRequestWithAWrongSecretCancelsNothing() throws Exception {
        String application = "it-gw-cancel-" + UUID.randomUUID();
        try (Connection connection = connect(application); Statement statement = connection.createStatement()) {
            int clientPid = connection.unwrap(PGConnection.class).getBackendPID();
            Future<Boolean> sleep = executor.submit(() -> statement.execute("SELECT pg_sleep(1.5)"));
            Direct.awaitActiveSleep(application);
            try (RawPgClient raw = RawPgClient.connect("127.0.0.1", gateway.port(), Duration.ofSeconds(5))) {
                raw.writeStartupPacket(80877102, ByteBuffer.allocate(8).putInt(clientPid).putInt(0x5EC2E7).array());
                assertThat(raw.isClosedByServer()).isTrue();
            }
            assertThat(sleep.get(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    private static Connection connect(String application) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("ApplicationName", application);
        return gateway.connect(properties);
    }


    private static int queryInt(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
