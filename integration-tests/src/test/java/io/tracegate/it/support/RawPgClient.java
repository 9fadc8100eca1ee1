package io.tracegate.it.support;

import io.tracegate.protocol.auth.ScramClientSession;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * A PostgreSQL client on a plain {@link Socket}, byte by byte, for tests that must send what no
 * real driver sends (bad lengths, oversized headers) or look at single bytes of the answer.
 * It knows just enough of the protocol to log in with SCRAM-SHA-256 and read messages back;
 * everything else the test writes itself.
 */
public final class RawPgClient implements AutoCloseable {

    /** SSLRequest's and GSSENCRequest's request codes (protocol chapter "Message Formats"). */
    public static final int SSL_REQUEST_CODE = 80877103;
    public static final int GSSENC_REQUEST_CODE = 80877104;
    public static final int PROTOCOL_3_0 = 196608;

    /** One typed backend message: its type byte and body (without the length). */
    public record Message(char type, byte[] body) {

        /** The fields of an ErrorResponse or NoticeResponse, by field code ('C' is the SQLSTATE). */
        public Map<Character, String> fields() {
            Map<Character, String> fields = new LinkedHashMap<>();
            int i = 0;
            while (i < body.length && body[i] != 0) {
                char code = (char) body[i++];
                int end = i;
                while (body[end] != 0) {
                    end++;
                }
                fields.put(code, new String(body, i, end - i, StandardCharsets.UTF_8));
                i = end + 1;
            }
            return fields;
        }

        public String sqlState() {
            return fields().get('C');
        }

        /** The request code of an Authentication message. */
        public int authCode() {
            return ByteBuffer.wrap(body).getInt();
        }

        /** What follows the request code of an Authentication message (SASL data). */
        public byte[] authData() {
            byte[] data = new byte[body.length - 4];
            System.arraycopy(body, 4, data, 0, data.length);
            return data;
        }

        /** The first column of a DataRow, as UTF-8 text (null for SQL NULL). */
        public String firstColumn() {
            ByteBuffer row = ByteBuffer.wrap(body);
            row.getShort();
            int length = row.getInt();
            return length < 0 ? null : new String(body, 6, length, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return type == 'E' || type == 'N' ? type + fields().toString() : type + "[" + body.length + " bytes]";
        }
    }

    private Socket socket;
    private DataInputStream in;
    private DataOutputStream out;
    private boolean dribble;

    private RawPgClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = new DataOutputStream(socket.getOutputStream());
    }

    /** Connects with a read timeout, so a test waiting for an answer that never comes fails instead of hanging. */
    public static RawPgClient connect(String host, int port, Duration readTimeout) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(host, port), 5_000);
        socket.setSoTimeout((int) readTimeout.toMillis());
        socket.setTcpNoDelay(true);
        return new RawPgClient(socket);
    }

    /**
     * Layers TLS over the connection (after the server answered SSLRequest with 'S'), trusting
     * any certificate: the tests' gateways use self-signed ones.
     *
     * @return the negotiated protocol, e.g. {@code TLSv1.3}
     */
    public String startTls() throws IOException {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new TrustingManager()}, null);
            SSLSocket tls = (SSLSocket) context.getSocketFactory()
                    .createSocket(socket, socket.getInetAddress().getHostAddress(), socket.getPort(), true);
            tls.setUseClientMode(true);
            tls.startHandshake();
            socket = tls;
            in = new DataInputStream(tls.getInputStream());
            out = new DataOutputStream(tls.getOutputStream());
            return tls.getSession().getProtocol();
        } catch (GeneralSecurityException e) {
            throw new IOException("could not set up TLS", e);
        }
    }

    private static final class TrustingManager implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    /**
     * From now on, sends every byte on its own (with TCP_NODELAY, one segment each), so the
     * server sees each message split at every byte boundary.
     */
    public void dribble(boolean enabled) {
        this.dribble = enabled;
    }

    public void write(byte[] bytes) throws IOException {
        if (dribble) {
            for (byte b : bytes) {
                out.write(b);
                out.flush();
            }
        } else {
            out.write(bytes);
            out.flush();
        }
    }

    /** The bytes of a StartupMessage for protocol 3.0, to send with others in one write. */
    public static byte[] startupBytes(Map<String, String> parameters) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        parameters.forEach((name, value) -> {
            writeCString(body, name);
            writeCString(body, value);
        });
        body.write(0);
        return ByteBuffer.allocate(8 + body.size()).putInt(8 + body.size()).putInt(PROTOCOL_3_0)
                .put(body.toByteArray()).array();
    }

    /** The bytes of a typed frontend message, to send with others in one write. */
    public static byte[] messageBytes(char type, byte[] body) {
        return ByteBuffer.allocate(5 + body.length).put((byte) type).putInt(4 + body.length).put(body).array();
    }

    /** The bytes of a simple Query. */
    public static byte[] queryBytes(String sql) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        writeCString(body, sql);
        return messageBytes('Q', body.toByteArray());
    }

    /** The bytes of a SASLInitialResponse carrying {@code scram}'s client-first-message. */
    public static byte[] saslInitialResponseBytes(ScramClientSession scram) {
        byte[] clientFirst = scram.clientFirst();
        ByteArrayOutputStream initial = new ByteArrayOutputStream();
        writeCString(initial, scram.mechanism());
        initial.writeBytes(ByteBuffer.allocate(4).putInt(clientFirst.length).array());
        initial.writeBytes(clientFirst);
        return messageBytes('p', initial.toByteArray());
    }

    /** An untyped startup-phase packet: length, code, body. */
    public void writeStartupPacket(int code, byte[] body) throws IOException {
        write(ByteBuffer.allocate(8 + body.length).putInt(8 + body.length).putInt(code).put(body).array());
    }

    /** A StartupMessage for protocol 3.0 with these parameters. */
    public void writeStartup(Map<String, String> parameters) throws IOException {
        write(startupBytes(parameters));
    }

    /** A typed frontend message. */
    public void writeMessage(char type, byte[] body) throws IOException {
        write(messageBytes(type, body));
    }

    /** A simple Query. */
    public void query(String sql) throws IOException {
        write(queryBytes(sql));
    }

    /** The single byte that answers SSLRequest or GSSENCRequest; -1 at end of stream. */
    public int readByte() throws IOException {
        return in.read();
    }

    /** The next typed message, or null when the server closed the connection. */
    public Message readMessage() throws IOException {
        int type;
        try {
            type = in.read();
        } catch (SocketException e) {
            return null; // a reset after the server closed counts as closed
        }
        if (type < 0) {
            return null;
        }
        int length = in.readInt();
        byte[] body = new byte[length - 4];
        in.readFully(body);
        return new Message((char) type, body);
    }

    /** Reads until a message of {@code type} (returned) or the end of the stream (null). */
    public Message readUntil(char type) throws IOException {
        Message message;
        do {
            message = readMessage();
        } while (message != null && message.type() != type);
        return message;
    }

    /** True when the server has closed: the next read sees the end of the stream (or a reset). */
    public boolean isClosedByServer() throws IOException {
        try {
            return in.read() < 0;
        } catch (SocketException | EOFException e) {
            return true;
        }
    }

    /**
     * Logs in as {@code user} with SCRAM-SHA-256 and reads up to the first ReadyForQuery.
     *
     * @throws IOException when the server answers with anything but a successful exchange
     */
    public void loginScram(String user, String password, String database) throws IOException {
        ScramClientSession scram = sendScramProof(user, password, database);
        Message serverFinal = expectAuth(12);
        scram.verifyServerFinal(serverFinal.authData());
        expectAuth(0);
        Message ready = readUntil('Z');
        if (ready == null) {
            throw new IOException("server closed the connection before ReadyForQuery");
        }
    }

    /**
     * Sends the StartupMessage and the SCRAM exchange up to the client's proof, and returns
     * without reading the outcome: for tests of clients that leave in the middle of a login.
     */
    public ScramClientSession sendScramProof(String user, String password, String database) throws IOException {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("user", user);
        parameters.put("database", database);
        writeStartup(parameters);
        Message sasl = expectAuth(10);
        if (!new String(sasl.body(), StandardCharsets.UTF_8).contains("SCRAM-SHA-256")) {
            throw new IOException("server did not offer SCRAM-SHA-256: " + sasl);
        }
        ScramClientSession scram = new ScramClientSession("", password);
        write(saslInitialResponseBytes(scram));
        Message serverFirst = expectAuth(11);
        writeMessage('p', scram.handleServerFirst(serverFirst.authData()));
        return scram;
    }

    private Message expectAuth(int code) throws IOException {
        Message message = readMessage();
        if (message == null || message.type() != 'R' || message.authCode() != code) {
            throw new IOException("expected Authentication code " + code + ", got " + message);
        }
        return message;
    }

    private static void writeCString(ByteArrayOutputStream out, String value) {
        out.writeBytes(value.getBytes(StandardCharsets.UTF_8));
        out.write(0);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
