package io.tracegate.it.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracegate.it.support.GatewayExtension;
import io.tracegate.it.support.GatewayFixture;
import io.tracegate.it.support.PostgresFixture;
import io.tracegate.it.support.RawPgClient.Message;
import io.tracegate.it.support.RawPgClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * What the gateway refuses or rewrites where a plain relay would not: bytes pipelined behind a
 * GSSENCRequest, Describe and Close naming neither a statement nor a portal, and the pid in a
 * NotificationResponse. After each test the gateway still serves ordinary clients.
 */
class ProtocolStrictnessTest {

    @RegisterExtension
    static final GatewayExtension gateway = GatewayExtension.perClass();

    @AfterEach
    void gatewayStillServes() throws SQLException {
        try (Connection connection = gateway.connect(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT 'still serving'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("still serving");
        }
    }

    private static RawPgClient connect() throws IOException {
        return RawPgClient.connect("127.0.0.1", gateway.port(), Duration.ofSeconds(10));
    }

    private static RawPgClient loggedIn() throws IOException {
        RawPgClient client = connect();
        client.loginScram(GatewayFixture.AGENT, GatewayFixture.AGENT_PASSWORD, PostgresFixture.TRACES_DATABASE);
        return client;
    }

    @Test
    void plaintextPipelinedBehindAGssEncRequestIsRefused() throws IOException {
        try (RawPgClient client = connect()) {
            // GSSENCRequest and a StartupMessage in one write, before the answer was read: PostgreSQL
            // refuses such buffered bytes whatever it answers, and so does the gateway.
            ByteArrayOutputStream both = new ByteArrayOutputStream();
            both.writeBytes(ByteBuffer.allocate(8).putInt(8).putInt(RawPgClient.GSSENC_REQUEST_CODE).array());
            both.writeBytes(RawPgClient.startupBytes(Map.of("user", GatewayFixture.AGENT,
                    "database", PostgresFixture.TRACES_DATABASE)));
            client.write(both.toByteArray());
            Message error = assertFatalProtocolViolationThenClose(client);
            assertThat(error.fields().get('M')).isEqualTo("received unencrypted data after GSSAPI encryption request");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(chars = {'D', 'C'})
    void describeOrCloseOfAnUnknownKindIsAProtocolViolation(char type) throws IOException {
        try (RawPgClient client = loggedIn()) {
            client.writeMessage(type, new byte[] {'X', 's', '1', 0});
            client.writeMessage('S', new byte[0]);
            Message error = assertFatalProtocolViolationThenClose(client);
            assertThat(error.fields().get('M')).isEqualTo("invalid " + (type == 'D' ? "DESCRIBE" : "CLOSE")
                    + " message subtype 88: expected 'S' (prepared statement) or 'P' (portal)");
        }
    }

    @Test
    void describeAndCloseOfAStatementStillPassThrough() throws IOException {
        try (RawPgClient client = loggedIn()) {
            client.writeMessage('P', "it_strict\0SELECT 1 AS one\0\0\0".getBytes());
            client.writeMessage('D', "Sit_strict\0".getBytes());
            client.writeMessage('C', "Sit_strict\0".getBytes());
            client.writeMessage('S', new byte[0]);
            List<Character> types = new ArrayList<>();
            Message message;
            do {
                message = client.readMessage();
                assertThat(message).as("a message before ReadyForQuery").isNotNull();
                types.add(message.type());
            } while (message.type() != 'Z');
            // ParseComplete, ParameterDescription, RowDescription, CloseComplete, ReadyForQuery.
            assertThat(types).containsExactly('1', 't', 'T', '3', 'Z');
        }
    }

    @Test
    void aSessionsOwnNotificationCarriesThePidItWasGiven() throws SQLException {
        try (Connection listener = gateway.connect(); Connection other = gateway.connect()) {
            PGConnection pgListener = listener.unwrap(PGConnection.class);
            execute(listener, "LISTEN it_gw_pid");
            execute(listener, "NOTIFY it_gw_pid, 'own'");
            PGNotification[] own = pgListener.getNotifications(10_000);
            assertThat(own).hasSize(1);
            // The usual test for "did I send this?" works through the gateway.
            assertThat(own[0].getPID()).isEqualTo(pgListener.getBackendPID());

            int otherUpstreamPid = queryInt(other, "SELECT pg_backend_pid()");
            execute(other, "NOTIFY it_gw_pid, 'other'");
            PGNotification[] fromOther = pgListener.getNotifications(10_000);
            assertThat(fromOther).hasSize(1);
            assertThat(fromOther[0].getParameter()).isEqualTo("other");
            assertThat(fromOther[0].getPID()).as("another backend's pid is left as the server sent it")
                    .isEqualTo(otherUpstreamPid)
                    .isNotEqualTo(pgListener.getBackendPID());
        }
    }

    private static Message assertFatalProtocolViolationThenClose(RawPgClient client) throws IOException {
        Message error = client.readUntil('E');
        assertThat(error).as("an ErrorResponse before the close").isNotNull();
        assertThat(error.sqlState()).isEqualTo("08P01");
        assertThat(error.fields().get('S')).isEqualTo("FATAL");
        assertThat(client.isClosedByServer()).as("connection closed after the error").isTrue();
        return error;
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static int queryInt(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            assertThat(rs.next()).isTrue();
            return rs.getInt(1);
        }
    }
}
