package io.tracegate.it.masking;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.tracegate.it.support.GatewayFixture;
import io.tracegate.it.support.PostgresFixture;
import io.tracegate.protocol.PgMessage;
import io.tracegate.protocol.auth.ScramClientSession;
import io.tracegate.protocol.message.PasswordMessage;
import io.tracegate.protocol.message.StartupMessage;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A blocking protocol-level client for what pgjdbc never sends, such as Bind parameters in
 * binary format for text and jsonb columns. It logs in as the agent with SCRAM-SHA-256, writes
 * the protocol module's own message encodings and reads answers as raw typed messages.
 */
final class WireSession implements AutoCloseable {

    /** One backend message: its type byte and body. */
    record Message(char type, byte[] body) {

        /** The SQLSTATE of an ErrorResponse. */
        String sqlState() {
            return field('C');
        }

        /** A field of an ErrorResponse or NoticeResponse. */
        String field(char code) {
            int i = 0;
            while (i < body.length && body[i] != 0) {
                char fieldCode = (char) body[i++];
                int end = i;
                while (body[end] != 0) {
                    end++;
                }
                if (fieldCode == code) {
                    return new String(body, i, end - i, StandardCharsets.UTF_8);
                }
                i = end + 1;
            }
            return null;
        }
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    private WireSession(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** Connects to {@code gateway} and logs in as the agent; returns at the first ReadyForQuery. */
    static WireSession login(GatewayFixture gateway) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", gateway.port()), 5_000);
        socket.setSoTimeout(30_000);
        WireSession session = new WireSession(socket);
        try {
            session.authenticate();
        } catch (IOException | RuntimeException e) {
            session.close();
            throw e;
        }
        return session;
    }

    private void authenticate() throws IOException {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("user", GatewayFixture.AGENT);
        parameters.put("database", PostgresFixture.TRACES_DATABASE);
        send(new StartupMessage(StartupMessage.PROTOCOL_3_0, parameters));
        expectAuthentication(10);
        ScramClientSession scram = new ScramClientSession("", GatewayFixture.AGENT_PASSWORD);
        send(PasswordMessage.saslInitialResponse(scram.mechanism(), scram.clientFirst()));
        byte[] serverFirst = expectAuthentication(11);
        send(new PasswordMessage(scram.handleServerFirst(serverFirst)));
        scram.verifyServerFinal(expectAuthentication(12));
        expectAuthentication(0);
        readUntilReady();
    }

    private byte[] expectAuthentication(int code) throws IOException {
        Message message = read();
        if (message.type() != 'R' || ByteBuffer.wrap(message.body()).getInt() != code) {
            throw new IOException("expected Authentication " + code + ", got " + message.type()
                    + (message.type() == 'E' ? " " + message.field('M') : ""));
        }
        byte[] data = new byte[message.body().length - 4];
        System.arraycopy(message.body(), 4, data, 0, data.length);
        return data;
    }

    /** Writes the messages in one go, as a pipelining client does. */
    void send(PgMessage... messages) throws IOException {
        ByteBuf buffer = Unpooled.buffer();
        try {
            for (PgMessage message : messages) {
                message.encode(buffer);
            }
            byte[] bytes = new byte[buffer.readableBytes()];
            buffer.readBytes(bytes);
            out.write(bytes);
            out.flush();
        } finally {
            buffer.release();
        }
    }

    Message read() throws IOException {
        char type = (char) in.readUnsignedByte();
        byte[] body = new byte[in.readInt() - 4];
        in.readFully(body);
        return new Message(type, body);
    }

    /** Every message up to and including the next ReadyForQuery. */
    List<Message> readUntilReady() throws IOException {
        List<Message> messages = new ArrayList<>();
        Message message;
        do {
            message = read();
            messages.add(message);
        } while (message.type() != 'Z');
        return messages;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
