package io.tracegate.it.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tracegate.it.support.GatewayFixture;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/** Client logins: SCRAM-SHA-256 against the policy's identities, with TLS optional or required. */
class AuthenticationTest {

    private static GatewayFixture optionalTls;
    private static GatewayFixture requiredTls;

    @BeforeAll
    static void start() {
        optionalTls = GatewayFixture.start();
        requiredTls = GatewayFixture.builder().with("TLS_MODE", "require").start();
    }

    @AfterAll
    static void stop() {
        optionalTls.close();
        requiredTls.close();
    }

    @Test
    void wrongPasswordIsRefusedWith28P01() {
        ServerErrorMessage error = loginError(optionalTls, GatewayFixture.AGENT, "not-the-password", "disable");
        assertThat(error.getSQLState()).isEqualTo("28P01");
        assertThat(error.getSeverity()).isEqualTo("FATAL");
        assertThat(error.getMessage()).isEqualTo("password authentication failed for user \"agent-7\"");
    }

    @Test
    void unknownUserLooksExactlyLikeAWrongPassword() {
        ServerErrorMessage known = loginError(optionalTls, GatewayFixture.AGENT, "not-the-password", "disable");
        ServerErrorMessage unknown = loginError(optionalTls, "nobody-here", "not-the-password", "disable");
        assertThat(unknown.getSQLState()).isEqualTo("28P01");
        assertThat(unknown.getSeverity()).isEqualTo(known.getSeverity());
        assertThat(unknown.getMessage().replace("nobody-here", "USER"))
                .isEqualTo(known.getMessage().replace(GatewayFixture.AGENT, "USER"));
        assertThat(unknown.getDetail()).isEqualTo(known.getDetail());
        assertThat(unknown.getHint()).isEqualTo(known.getHint());
    }

    @Test
    void tlsIsUsedWhenTheClientAsksAndTheModeIsOptional() throws SQLException {
        TrackingSslFactory.drain();
        try (Connection connection = connect(optionalTls, GatewayFixture.AGENT, GatewayFixture.AGENT_PASSWORD, "require")) {
            assertThat(currentUser(connection)).isEqualTo("gateway");
        }
        assertThat(TrackingSslFactory.drain()).singleElement().asString().startsWith("TLSv1.");
    }

    @Test
    void plainConnectionsStillWorkWhenTheModeIsOptional() throws SQLException {
        TrackingSslFactory.drain();
        try (Connection connection = connect(optionalTls, GatewayFixture.AGENT, GatewayFixture.AGENT_PASSWORD, "disable")) {
            assertThat(currentUser(connection)).isEqualTo("gateway");
        }
        assertThat(TrackingSslFactory.drain()).isEmpty();
    }

    @Test
    void aPlainConnectionIsRefusedWith28000WhenTlsIsRequired() {
        ServerErrorMessage error = loginError(requiredTls, GatewayFixture.AGENT, GatewayFixture.AGENT_PASSWORD, "disable");
        assertThat(error.getSQLState()).isEqualTo("28000");
        assertThat(error.getSeverity()).isEqualTo("FATAL");
        assertThat(error.getMessage()).contains("TLS");
    }

    @Test
    void tlsConnectionsWorkWhenTlsIsRequired() throws SQLException {
        TrackingSslFactory.drain();
        try (Connection connection = connect(requiredTls, GatewayFixture.AGENT, GatewayFixture.AGENT_PASSWORD, "require")) {
            assertThat(currentUser(connection)).isEqualTo("gateway");
        }
        assertThat(TrackingSslFactory.drain()).singleElement().asString().startsWith("TLSv1.");
    }

    @Test
    void wrongPasswordOverTlsIsRefusedWith28P01() {
        ServerErrorMessage error = loginError(requiredTls, GatewayFixture.AGENT, "not-the-password", "require");
        assertThat(error.getSQLState()).isEqualTo("28P01");
    }

    @Test
    void aTokenIdentityLogsInWithItsTokenOnlyOverTls() throws SQLException {
        // alice has an API token and no SCRAM verifier: the token is accepted as a cleartext
        // password, and only where it travels encrypted.
        try (Connection connection = connect(optionalTls, "alice", GatewayFixture.REVIEWER_TOKEN, "require")) {
            assertThat(currentUser(connection)).isEqualTo("gateway");
        }
        assertThat(loginError(optionalTls, "alice", "not-the-token", "require").getSQLState()).isEqualTo("28P01");
        assertThat(loginError(optionalTls, "alice", GatewayFixture.REVIEWER_TOKEN, "disable").getSQLState())
                .isEqualTo("28P01");
    }

    private static Connection connect(GatewayFixture gateway, String user, String password, String sslmode)
            throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        properties.setProperty("sslmode", sslmode);
        properties.setProperty("sslfactory", TrackingSslFactory.class.getName());
        // pgjdbc would otherwise retry a refused plain login over TLS (or the reverse).
        properties.setProperty("gssEncMode", "disable");
        return DriverManager.getConnection(gateway.jdbcUrl(null), properties);
    }

    private static ServerErrorMessage loginError(GatewayFixture gateway, String user, String password, String sslmode) {
        PSQLException refused = catchThrowableOfType(PSQLException.class,
                () -> connect(gateway, user, password, sslmode).close());
        assertThat((Throwable) refused).as("login of %s refused", user).isNotNull();
        assertThat((Object) refused.getServerErrorMessage()).as("server error of %s", refused).isNotNull();
        return refused.getServerErrorMessage();
    }

    private static String currentUser(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery("SELECT current_user")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
