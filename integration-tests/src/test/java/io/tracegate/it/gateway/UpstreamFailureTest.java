package io.tracegate.it.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tracegate.it.support.GatewayFixture;
import io.tracegate.it.support.RawPgClient;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;

/**
 * The database is unreachable, or a backend dies under a client: that client gets a clear error
 * and everyone else carries on.
 */
class UpstreamFailureTest {

    private static GatewayFixture gateway;
    private static ExecutorService executor;

    @BeforeAll
    static void start() {
        gateway = GatewayFixture.start();
        executor = Executors.newSingleThreadExecutor();
    }

    @AfterAll
    static void stop() {
        executor.shutdownNow();
        gateway.close();
    }

    @Test
    void anUnreachableDatabaseGives08001AndTheGatewayKeepsAccepting() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        // A pool of two: failed connects must give their slots back, or the third client would
        // wait for a free connection (53300) instead of being told the database is unreachable.
        try (GatewayFixture unreachable = GatewayFixture.builder()
                .with("PGPORT", Integer.toString(closedPort))
                .with("POOL_MAX", "2")
                .with("POOL_ACQUIRE_TIMEOUT", "1s")
                .start()) {
            for (int attempt = 0; attempt < 5; attempt++) {
                long startedAt = System.nanoTime();
                PSQLException refused = catchThrowableOfType(PSQLException.class, () -> unreachable.connect().close());
                assertThat((Throwable) refused).as("attempt %d", attempt).isNotNull();
                assertThat(refused.getSQLState()).as("attempt %d: %s", attempt, refused).isEqualTo("08001");
                assertThat(refused.getServerErrorMessage().getMessage())
                        .contains("could not connect to upstream").contains(":" + closedPort);
                assertThat(Duration.ofNanos(System.nanoTime() - startedAt)).isLessThan(Duration.ofSeconds(5));
            }
            try (RawPgClient client = RawPgClient.connect("127.0.0.1", unreachable.port(), Duration.ofSeconds(5))) {
                client.writeStartupPacket(RawPgClient.SSL_REQUEST_CODE, new byte[0]);
                assertThat(client.readByte()).as("the gateway still answers").isEqualTo('S');
            }
        }
    }

    @Test
    void anIdleClientWhoseBackendIsTerminatedGetsAnErrorAndOthersCarryOn() throws Exception {
        String application = "it-gw-victim-" + UUID.randomUUID();
        try (Connection victim = connect(application); Connection bystander = connect("it-gw-bystander")) {
            assertThat(queryString(victim, "SELECT 'alive'")).isEqualTo("alive");
            assertThat(queryString(bystander, "SELECT 'alive'")).isEqualTo("alive");

            assertThat(terminate(application)).isEqualTo(1);

            SQLException failure = catchThrowableOfType(SQLException.class, () -> queryString(victim, "SELECT 'dead?'"));
            assertThat((Throwable) failure).isNotNull();
            assertThat(failure.getSQLState()).satisfiesAnyOf(
                    state -> assertThat(state).startsWith("08"), state -> assertThat(state).isEqualTo("57P01"));

            assertThat(queryString(bystander, "SELECT 'still alive'")).isEqualTo("still alive");
            try (Connection newcomer = connect("it-gw-newcomer")) {
                assertThat(queryString(newcomer, "SELECT 'welcome'")).isEqualTo("welcome");
            }
        }
    }

    @Test
    void aClientWhoseBackendIsTerminatedMidQueryGetsAnErrorPromptly() throws Exception {
        String application = "it-gw-victim-" + UUID.randomUUID();
        try (Connection victim = connect(application); Connection bystander = connect("it-gw-bystander")) {
            Future<String> sleeping = executor.submit(() -> queryString(victim, "SELECT pg_sleep(30)::text"));
            Direct.awaitActiveSleep(application);
            long terminatedAt = System.nanoTime();
            assertThat(terminate(application)).isEqualTo(1);

            ExecutionException failure = catchThrowableOfType(ExecutionException.class,
                    () -> sleeping.get(10, TimeUnit.SECONDS));
            assertThat((Throwable) failure).isNotNull();
            assertThat(Duration.ofNanos(System.nanoTime() - terminatedAt)).isLessThan(Duration.ofSeconds(5));
            assertThat(failure.getCause()).isInstanceOf(SQLException.class);
            assertThat(((SQLException) failure.getCause()).getSQLState()).satisfiesAnyOf(
                    state -> assertThat(state).startsWith("08"), state -> assertThat(state).isEqualTo("57P01"));

            assertThat(queryString(bystander, "SELECT 'still alive'")).isEqualTo("still alive");
            try (Connection newcomer = connect("it-gw-newcomer")) {
                assertThat(queryString(newcomer, "SELECT 'welcome'")).isEqualTo("welcome");
            }
        }
    }

    /** Terminates the backends of {@code application}; returns how many were signalled. */
    private static long terminate(String application) throws SQLException {
        return Direct.queryLongAsSuperuser("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                + " WHERE usename = 'gateway' AND application_name = '" + application + "'");
    }


    private static Connection connect(String application) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("ApplicationName", application);
        return gateway.connect(properties);
    }

    private static String queryString(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
