package io.tracegate.it.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.netty.handler.ssl.util.SelfSignedCertificate;
import io.tracegate.it.support.GatewayFixture;
import io.tracegate.it.support.PostgresFixture;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;

/**
 * TLS toward the database ({@code upstream.tls.mode}), against a PostgreSQL of the test's own
 * with SSL switched on (a self-signed certificate) and against the shared one, which has none.
 */
class UpstreamTlsTest {

    private static PostgresFixture withSsl;

    @BeforeAll
    static void start() throws Exception {
        withSsl = PostgresFixture.startPrivate();
        enableSsl(withSsl);
    }

    @AfterAll
    static void stop() {
        withSsl.close();
    }

    /**
     * Writes a certificate and key into the server's data directory through the server itself
     * (COPY TO a file works for an embedded server and a container alike), makes the key
     * readable by the server's user only, as PostgreSQL demands (COPY creates files 0644), and
     * turns ssl on by reload.
     */
    private static void enableSsl(PostgresFixture postgres) throws Exception {
        SelfSignedCertificate certificate = new SelfSignedCertificate("localhost");
        try (Connection connection = postgres.connectAsSuperuser(); Statement statement = connection.createStatement()) {
            String directory = dataDirectory(statement);
            statement.execute("COPY (SELECT unnest(" + pemLines(certificate.certificate()) + ")) TO '"
                    + directory + "/it-server.crt'");
            statement.execute("COPY (SELECT unnest(" + pemLines(certificate.privateKey()) + ")) TO '"
                    + directory + "/it-server.key'");
            // The program reads what COPY sends it: a chmod that exits first left the server
            // writing into a closed pipe, which fails the COPY now and then (EPIPE).
            statement.execute("COPY (SELECT 1) TO PROGRAM 'cat > /dev/null && chmod 600 \"" + directory
                    + "/it-server.key\"'");
            statement.execute("ALTER SYSTEM SET ssl_cert_file = 'it-server.crt'");
            statement.execute("ALTER SYSTEM SET ssl_key_file = 'it-server.key'");
            statement.execute("ALTER SYSTEM SET ssl = on");
            statement.execute("SELECT pg_reload_conf()");
        } finally {
            certificate.delete();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (Connection connection = postgres.connectAsSuperuser(); Statement statement = connection.createStatement();
                 ResultSet rs = statement.executeQuery("SHOW ssl")) {
                rs.next();
                if (rs.getString(1).equals("on")) {
                    return;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("ssl did not come on after the reload");
            }
            Thread.sleep(50);
        }
    }

    private static String dataDirectory(Statement statement) throws SQLException {
        try (ResultSet rs = statement.executeQuery("SHOW data_directory")) {
            rs.next();
            return rs.getString(1).replace("'", "''");
        }
    }

    /** The PEM file as an SQL array of its lines (base64 and header lines need no escaping in COPY text). */
    private static String pemLines(File pem) throws Exception {
        List<String> lines = Files.readAllLines(pem.toPath(), StandardCharsets.US_ASCII);
        return lines.stream().filter(line -> !line.isBlank()).map(line -> "'" + line + "'")
                .collect(Collectors.joining(",", "ARRAY[", "]"));
    }

    @Test
    void requireEncryptsTheUpstreamConnection() throws SQLException {
        try (GatewayFixture gateway = gatewayTo(withSsl, "require"); Connection connection = gateway.connect()) {
            assertThat(upstreamUsesSsl(connection)).isTrue();
        }
    }

    @Test
    void preferEncryptsWhenTheServerOffersIt() throws SQLException {
        try (GatewayFixture gateway = gatewayTo(withSsl, "prefer"); Connection connection = gateway.connect()) {
            assertThat(upstreamUsesSsl(connection)).isTrue();
        }
    }

    @Test
    void disableDoesNotEncrypt() throws SQLException {
        try (GatewayFixture gateway = gatewayTo(withSsl, "disable"); Connection connection = gateway.connect()) {
            assertThat(upstreamUsesSsl(connection)).isFalse();
        }
    }

    @Test
    void verifyFullRefusesAnUntrustedCertificateWith08001() {
        try (GatewayFixture gateway = gatewayTo(withSsl, "verify-full")) {
            PSQLException refused = catchThrowableOfType(PSQLException.class, () -> gateway.connect().close());
            assertThat((Throwable) refused).isNotNull();
            assertThat(refused.getSQLState()).isEqualTo("08001");
            assertThat(refused.getServerErrorMessage().getMessage()).contains("TLS");
        }
    }

    @Test
    void requireRefusesAServerWithoutTlsWith08001() {
        try (GatewayFixture gateway = gatewayTo(PostgresFixture.shared(), "require")) {
            PSQLException refused = catchThrowableOfType(PSQLException.class, () -> gateway.connect().close());
            assertThat((Throwable) refused).isNotNull();
            assertThat(refused.getSQLState()).isEqualTo("08001");
            assertThat(refused.getServerErrorMessage().getMessage()).contains("does not support TLS");
        }
    }

    @Test
    void preferFallsBackToPlainWhenTheServerHasNoTls() throws SQLException {
        try (GatewayFixture gateway = gatewayTo(PostgresFixture.shared(), "prefer"); Connection connection = gateway.connect()) {
            assertThat(upstreamUsesSsl(connection)).isFalse();
        }
    }

    private static GatewayFixture gatewayTo(PostgresFixture postgres, String tlsMode) {
        return GatewayFixture.builder().postgres(postgres).with("UPSTREAM_TLS_MODE", tlsMode)
                .with("POOL_MIN_IDLE", "0").start();
    }

    private static boolean upstreamUsesSsl(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")) {
            assertThat(rs.next()).isTrue();
            return rs.getBoolean(1);
        }
    }
}
