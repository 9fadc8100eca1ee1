package io.tracegate.it.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracegate.it.support.GatewayFixture;
import io.tracegate.it.support.PostgresFixture;
import io.tracegate.it.support.RawPgClient;
import io.tracegate.it.support.RawPgClient.Message;
import io.tracegate.protocol.auth.ScramClientSession;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bytes no driver sends, on a plain socket: bad lengths, oversized messages, the startup-phase
 * requests. Each is answered the way the protocol wants, and after each the gateway still serves
 * ordinary clients (checked after every test).
 */
class ProtocolRobustnessTest {

    /** Authentication request codes (protocol chapter "Message Formats"). */
    private static final int AUTH_OK = 0;
    private static final int AUTH_SASL = 10;
    private static final int AUTH_SASL_CONTINUE = 11;
    private static final int AUTH_SASL_FINAL = 12;

    private static final String TABLE = "it_gw_raw";

    private static GatewayFixture gateway;

    @BeforeAll
    static void start() throws SQLException {
        Direct.execute("DROP TABLE IF EXISTS " + TABLE, "CREATE TABLE " + TABLE + " (id int PRIMARY KEY)");
        gateway = GatewayFixture.start();
    }

    @AfterAll
    static void stop() throws SQLException {
        gateway.close();
        Direct.execute("DROP TABLE IF EXISTS " + TABLE);
    }

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

    @ParameterizedTest(name = "length {0}")
    @ValueSource(ints = {0, 4, 7, 10_001, Integer.MAX_VALUE, -1})
    void aStartupPacketWithABadLengthIsAProtocolViolation(int length) throws IOException {
        try (RawPgClient client = connect()) {
            client.write(ByteBuffer.allocate(8).putInt(length).putInt(RawPgClient.PROTOCOL_3_0).array());
            assertProtocolViolationThenClose(client);
        }
    }

    @Test
    void anUnsupportedProtocolVersionIsRefused() throws IOException {
        try (RawPgClient client = connect()) {
            client.writeStartupPacket(2 << 16, "user\0agent-7\0\0".getBytes());
            Message error = client.readMessage();
            assertThat(error).isNotNull();
            assertThat(error.type()).isEqualTo('E');
            assertThat(error.fields().get('M')).contains("unsupported frontend protocol 2.0");
            assertThat(client.isClosedByServer()).isTrue();
        }
    }

    @Test
    void aNewerMinorVersionAndUnknownProtocolOptionsAreNegotiatedDown() throws IOException {
        try (RawPgClient client = connect()) {
            // Protocol 3.2 (PostgreSQL 18 clients) with an option this server does not know.
            byte[] parameters = ("user\0" + GatewayFixture.AGENT + "\0database\0" + PostgresFixture.TRACES_DATABASE
                    + "\0_pq_.it_option\0on\0\0").getBytes(StandardCharsets.UTF_8);
            client.writeStartupPacket((3 << 16) | 2, parameters);
            Message negotiate = client.readMessage();
            assertThat(negotiate.type()).isEqualTo('v');
            ByteBuffer body = ByteBuffer.wrap(negotiate.body());
            assertThat(body.getInt()).as("newest minor version supported").isZero();
            assertThat(body.getInt()).as("options not recognised").isEqualTo(1);
            assertThat(new String(negotiate.body(), 8, negotiate.body().length - 9, StandardCharsets.UTF_8))
                    .isEqualTo("_pq_.it_option");
            Message sasl = client.readMessage();
            assertThat(sasl.type()).isEqualTo('R');
            assertThat(sasl.authCode()).isEqualTo(AUTH_SASL);
        }
    }

    @Test
    void anOversizedMessageBeforeAuthenticationIsAProtocolViolation() throws IOException {
        try (RawPgClient client = connect()) {
            client.writeStartup(Map.of("user", GatewayFixture.AGENT, "database", PostgresFixture.TRACES_DATABASE));
            Message sasl = client.readMessage();
            assertThat(sasl.type()).isEqualTo('R');
            assertThat(sasl.authCode()).isEqualTo(AUTH_SASL);
            client.write(header('p', 200 * 1024 * 1024));
            assertProtocolViolationThenClose(client);
        }
    }

    @Test
    void anOversizedMessageAfterLoginIsAProtocolViolation() throws IOException {
        try (RawPgClient client = connect()) {
            client.loginScram(GatewayFixture.AGENT, GatewayFixture.AGENT_PASSWORD, PostgresFixture.TRACES_DATABASE);
            client.query("SELECT 1");
            assertThat(client.readUntil('Z')).isNotNull();
            // Only the header of a 200 MB Query: over listen.max_message_size (128MB in the test policy).
            client.write(header('Q', 200 * 1024 * 1024));
            assertProtocolViolationThenClose(client);
        }
    }

    @Test
    void aMessageLengthBelowFourAfterLoginIsAProtocolViolation() throws IOException {
        try (RawPgClient client = connect()) {
            client.loginScram(GatewayFixture.AGENT, GatewayFixture.AGENT_PASSWORD, PostgresFixture.TRACES_DATABASE);
            client.write(header('Q', 2));
            assertProtocolViolationThenClose(client);
        }
    }

    @Test
    void aRawLoginQueriesAndTerminates() throws IOException {
        try (RawPgClient client = connect()) {
            client.loginScram(GatewayFixture.AGENT, GatewayFixture.AGENT_PASSWORD, PostgresFixture.TRACES_DATABASE);
            client.query("SELECT 'raw ' || 42");
            Message row = client.readUntil('D');
            assertThat(row).isNotNull();
            assertThat(row.firstColumn()).isEqualTo("raw 42");
            assertThat(client.readUntil('Z')).isNotNull();
            client.writeMessage('X', new byte[0]);
            assertThat(client.isClosedByServer()).isTrue();
        }
    }

    @Test
    void aSessionSentOneByteAtATimeWorks() throws IOException {
        try (RawPgClient client = connect()) {
            client.dribble(true);
            client.loginScram(GatewayFixture.AGENT, GatewayFixture.AGENT_PASSWORD, PostgresFixture.TRACES_DATABASE);
            client.query("SELECT 'dribbled'; SELECT 'twice'");
            assertThat(client.readUntil('D').firstColumn()).isEqualTo("dribbled");
            assertThat(client.readUntil('D').firstColumn()).isEqualTo("twice");
            assertThat(client.readUntil('Z')).isNotNull();
        }
    }

    @Test
    void messagesPipelinedBehindTheStartupAndTheLoginAreAnswered() throws IOException {
        try (RawPgClient client = connect()) {
            // StartupMessage and SASLInitialResponse in one write: the startup decoder must hand
            // the bytes after the StartupMessage on to the typed decoder.
            ScramClientSession scram = new ScramClientSession("", GatewayFixture.AGENT_PASSWORD);
            ByteArrayOutputStream first = new ByteArrayOutputStream();
            first.writeBytes(RawPgClient.startupBytes(Map.of("user", GatewayFixture.AGENT,
                    "database", PostgresFixture.TRACES_DATABASE)));
            first.writeBytes(RawPgClient.saslInitialResponseBytes(scram));
            client.write(first.toByteArray());
            Message sasl = client.readMessage();
            assertThat(sasl.authCode()).isEqualTo(AUTH_SASL);
            Message serverFirst = client.readMessage();
            assertThat(serverFirst.authCode()).isEqualTo(AUTH_SASL_CONTINUE);

            // The proof and two queries in one write: the queries arrive while the gateway is
            // still leasing the upstream connection and must wait for it, not vanish.
            ByteArrayOutputStream second = new ByteArrayOutputStream();
            second.writeBytes(RawPgClient.messageBytes('p', scram.handleServerFirst(serverFirst.authData())));
            second.writeBytes(RawPgClient.queryBytes("SELECT 'early one'"));
            second.writeBytes(RawPgClient.queryBytes("SELECT 'early two'"));
            client.write(second.toByteArray());
            Message serverFinal = client.readMessage();
            assertThat(serverFinal.authCode()).isEqualTo(AUTH_SASL_FINAL);
            scram.verifyServerFinal(serverFinal.authData());
            assertThat(client.readMessage().authCode()).isEqualTo(AUTH_OK);
            assertThat(client.readUntil('K')).as("BackendKeyData").isNotNull();
            assertThat(client.readUntil('Z')).as("ReadyForQuery ending the login").isNotNull();
            assertThat(client.readUntil('D').firstColumn()).isEqualTo("early one");
            assertThat(client.readUntil('Z')).isNotNull();
            assertThat(client.readUntil('D').firstColumn()).isEqualTo("early two");
            assertThat(client.readUntil('Z')).isNotNull();
        }
    }

    @Test
    void statementsPipelinedAheadOfTerminateOrACloseStillRunAsOnADirectConnection() throws Exception {
        PostgresFixture postgres = PostgresFixture.shared();
        for (int i = 0; i < 5; i++) {
            // Through the gateway and straight to PostgreSQL: an INSERT and a Terminate in one
            // write, and an INSERT followed by closing the socket without reading the answer.
            insertAndLeave("127.0.0.1", gateway.port(), GatewayFixture.AGENT, GatewayFixture.AGENT_PASSWORD, i, true);
            insertAndLeave("127.0.0.1", gateway.port(), GatewayFixture.AGENT, GatewayFixture.AGENT_PASSWORD, 100 + i, false);
            insertAndLeave(postgres.host(), postgres.port(), PostgresFixture.GATEWAY_USER, PostgresFixture.GATEWAY_PASSWORD,
                    1_000 + i, true);
            insertAndLeave(postgres.host(), postgres.port(), PostgresFixture.GATEWAY_USER, PostgresFixture.GATEWAY_PASSWORD,
                    1_100 + i, false);
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (Direct.queryLong("SELECT count(*) FROM " + TABLE) < 20 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(Direct.queryLong("SELECT count(*) FROM " + TABLE + " WHERE id >= 1000")).as("direct").isEqualTo(10);
        assertThat(Direct.queryLong("SELECT count(*) FROM " + TABLE + " WHERE id < 100")).as("with Terminate").isEqualTo(5);
        assertThat(Direct.queryLong("SELECT count(*) FROM " + TABLE + " WHERE id BETWEEN 100 AND 999"))
                .as("with a close").isEqualTo(5);
    }

    private static void insertAndLeave(String host, int port, String user, String password, int id, boolean terminate)
            throws IOException {
        try (RawPgClient client = RawPgClient.connect(host, port, Duration.ofSeconds(10))) {
            client.loginScram(user, password, PostgresFixture.TRACES_DATABASE);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            bytes.writeBytes(RawPgClient.queryBytes("INSERT INTO " + TABLE + " (id) VALUES (" + id + ")"));
            if (terminate) {
                bytes.writeBytes(RawPgClient.messageBytes('X', new byte[0]));
            }
            client.write(bytes.toByteArray());
        }
    }

    @Test
    void gssEncRequestIsAnsweredNoAndTheStartupCarriesOn() throws IOException {
        try (RawPgClient client = connect()) {
            client.writeStartupPacket(RawPgClient.GSSENC_REQUEST_CODE, new byte[0]);
            assertThat(client.readByte()).isEqualTo('N');
            client.writeStartup(Map.of("user", GatewayFixture.AGENT, "database", PostgresFixture.TRACES_DATABASE));
            Message sasl = client.readMessage();
            assertThat(sasl.type()).isEqualTo('R');
            assertThat(sasl.authCode()).isEqualTo(AUTH_SASL);
        }
    }

    @Test
    void sslRequestIsAnsweredYesAndTheLoginContinuesOverTls() throws IOException {
        try (RawPgClient client = connect()) {
            // libpq's order with gssencmode=prefer: GSSENCRequest, then SSLRequest on the same socket.
            client.writeStartupPacket(RawPgClient.GSSENC_REQUEST_CODE, new byte[0]);
            assertThat(client.readByte()).isEqualTo('N');
            client.writeStartupPacket(RawPgClient.SSL_REQUEST_CODE, new byte[0]);
            assertThat(client.readByte()).isEqualTo('S');
            assertThat(client.startTls()).startsWith("TLSv1.");
            client.loginScram(GatewayFixture.AGENT, GatewayFixture.AGENT_PASSWORD, PostgresFixture.TRACES_DATABASE);
            client.query("SELECT 1");
            assertThat(client.readUntil('Z')).isNotNull();
        }
    }

    @Test
    void plaintextSentAfterSslRequestIsRefused() throws IOException {
        try (RawPgClient client = connect()) {
            // SSLRequest and a StartupMessage in one write: bytes that must not be taken as if
            // they had come over TLS (CVE-2021-23214).
            ByteArrayOutputStream both = new ByteArrayOutputStream();
            both.writeBytes(ByteBuffer.allocate(8).putInt(8).putInt(RawPgClient.SSL_REQUEST_CODE).array());
            byte[] startup = "user\0agent-7\0\0".getBytes();
            both.writeBytes(ByteBuffer.allocate(8).putInt(8 + startup.length).putInt(RawPgClient.PROTOCOL_3_0).array());
            both.writeBytes(startup);
            client.write(both.toByteArray());
            assertProtocolViolationThenClose(client);
        }
    }

    @Test
    void aClientThatVanishesDuringAuthenticationHarmsNoOne() throws IOException {
        for (int i = 0; i < 20; i++) {
            try (RawPgClient client = connect()) {
                Map<String, String> parameters = new LinkedHashMap<>();
                parameters.put("user", GatewayFixture.AGENT);
                parameters.put("database", PostgresFixture.TRACES_DATABASE);
                client.writeStartup(parameters);
                assertThat(client.readMessage().type()).isEqualTo('R');
            }
        }
    }

    private static byte[] header(char type, int length) {
        return ByteBuffer.allocate(5).put((byte) type).putInt(length).array();
    }

    private static void assertProtocolViolationThenClose(RawPgClient client) throws IOException {
        Message error = client.readMessage();
        assertThat(error).as("an ErrorResponse before the close").isNotNull();
        assertThat(error.type()).isEqualTo('E');
        assertThat(error.sqlState()).isEqualTo("08P01");
        assertThat(error.fields().get('S')).isEqualTo("FATAL");
        assertThat(client.isClosedByServer()).as("connection closed after the error").isTrue();
    }
}
