package io.tracegate.it.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracegate.it.support.GatewayFixture;
import io.tracegate.it.support.PostgresFixture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
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

/**
 * The gateway's upstream is PostgreSQL's Unix-domain socket ({@code upstream.host} a directory,
 * as in libpq), with the default {@code tls.mode: prefer}: SCRAM login, queries, cancel, pool
 * reuse with its reset, the start-up catalog read and /readyz all go through the socket.
 */
class UnixSocketUpstreamTest {

    private static PostgresFixture privatePostgres;
    private static PostgresFixture postgres;
    private static Path socketDirectory;
    private static GatewayFixture gateway;
    private static ExecutorService executor;

    @BeforeAll
    static void start() {
        postgres = PostgresFixture.shared();
        if (postgres.socketDirectory().isEmpty()) {
            // A server in a container has its socket out of reach; an embedded one of our own has it here.
            privatePostgres = PostgresFixture.startPrivate(PostgresFixture.Backend.EMBEDDED);
            postgres = privatePostgres;
        }
        socketDirectory = postgres.socketDirectory().orElseThrow();
        gateway = GatewayFixture.builder()
                .postgres(postgres)
                .with("PGHOST", socketDirectory.toString())
                .with("POOL_MAX", "1")
                .with("POOL_MIN_IDLE", "1")
                .start();
        executor = Executors.newSingleThreadExecutor();
    }

    @AfterAll
    static void stop() {
        executor.shutdownNow();
        gateway.close();
        if (privatePostgres != null) {
            privatePostgres.close();
        }
    }

    @Test
    void queriesRunOverTheSocket() throws SQLException {
        try (Connection connection = gateway.connect()) {
            // inet_server_addr() is NULL exactly when the backend's client came over a Unix socket.
            assertThat(queryString(connection, "SELECT coalesce(host(inet_server_addr()), 'unix')")).isEqualTo("unix");
            assertThat(queryString(connection, "SELECT current_user")).isEqualTo(PostgresFixture.GATEWAY_USER);
            assertThat(queryString(connection, "SELECT current_database()")).isEqualTo(PostgresFixture.TRACES_DATABASE);
            assertThat(queryInt(connection, "SELECT sum(g)::int FROM generate_series(1, 100) g")).isEqualTo(5050);
        }
    }

    @Test
    void theSocketConnectionIsPooledAndResetBetweenClients() throws SQLException {
        int backend;
        try (Connection first = gateway.connect(); Statement statement = first.createStatement()) {
            backend = queryInt(first, "SELECT pg_backend_pid()");
            statement.execute("SELECT set_config('tracegate_it.marker', 'first-client', false)");
        }
        try (Connection next = gateway.connect()) {
            assertThat(queryInt(next, "SELECT pg_backend_pid()")).as("served by the same backend").isEqualTo(backend);
            assertThat(queryString(next, "SELECT coalesce(current_setting('tracegate_it.marker', true), '')")).isEmpty();
        }
    }

    @Test
    void statementCancelReachesTheBackendThroughTheSocket() throws Exception {
        String application = "it-gw-uds-cancel-" + UUID.randomUUID();
        Properties properties = new Properties();
        properties.setProperty("ApplicationName", application);
        try (Connection connection = gateway.connect(properties); Statement statement = connection.createStatement()) {
            long startedAt = System.nanoTime();
            Future<?> sleep = executor.submit(() -> statement.execute("SELECT pg_sleep(30)"));
            awaitActiveSleep(application);
            statement.cancel();
            assertThatThrownBy(() -> sleep.get(10, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(SQLException.class)
                    .cause().satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("57014"));
            assertThat(Duration.ofNanos(System.nanoTime() - startedAt)).isLessThan(Duration.ofSeconds(20));
            assertThat(queryInt(connection, "SELECT 1")).as("the session goes on after the cancel").isEqualTo(1);
        }
    }

    @Test
    void theCatalogReadAtStartReachedTheSocketSoAnInsertWithoutColumnListIsMasked() throws SQLException {
        String agent = "it-uds-" + UUID.randomUUID();
        String email = "jane.doe@example.com";
        try (Connection connection = gateway.connect(); Statement statement = connection.createStatement()) {
            // Refused (the column order unknown) had the catalog read at start failed.
            statement.execute("INSERT INTO public.agent_traces VALUES (DEFAULT, '" + agent + "', DEFAULT, 'mail "
                    + email + "', NULL)");
        }
        try (Connection direct = postgres.connectAsGateway(); Statement statement = direct.createStatement()) {
            try (ResultSet rs = statement.executeQuery("SELECT reasoning FROM public.agent_traces WHERE agent = '"
                    + agent + "'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).startsWith("mail ").doesNotContain(email);
            }
            statement.execute("DELETE FROM public.agent_traces WHERE agent = '" + agent + "'");
        }
    }

    @Test
    void readinessChecksTheSocket() throws Exception {
        HttpResponse<String> ready = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + gateway.server().adminPort() + "/readyz")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
    }

    private static void awaitActiveSleep(String application) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        try (Connection superuser = postgres.connectAsSuperuser(); Statement statement = superuser.createStatement()) {
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = statement.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE application_name = '"
                        + application + "' AND state = 'active' AND query LIKE '%pg_sleep%'")) {
                    rs.next();
                    if (rs.getInt(1) == 1) {
                        return;
                    }
                }
                Thread.sleep(20);
            }
        }
        throw new AssertionError("the sleep of " + application + " never showed up in pg_stat_activity");
    }

    private static int queryInt(Connection connection, String sql) throws SQLException {
        return Integer.parseInt(queryString(connection, sql));
    }

    private static String queryString(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            assertThat(rs.next()).as("a row from %s", sql).isTrue();
            return rs.getString(1);
        }
    }
}
