package io.tracegate.it.masking;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.tracegate.it.support.GatewayExtension;
import io.tracegate.it.support.GatewayFixture;
import io.tracegate.it.support.PostgresFixture;
import io.tracegate.it.support.RawPgClient;
import io.tracegate.protocol.PgMessage;
import io.tracegate.protocol.message.Bind;
import io.tracegate.protocol.message.Execute;
import io.tracegate.protocol.message.Parse;
import io.tracegate.protocol.message.Sync;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Bind parameters in the binary format, which pgjdbc never uses for strings or JSON: text,
 * varchar and json are their bytes in the client encoding, jsonb is a version byte and then the
 * text. The gateway must read and rewrite them in that same form; a binary value of a type it
 * cannot read is refused, never forwarded unread. Sent from a protocol-level client with the
 * protocol module's own message encodings.
 */
class BinaryParameterMaskingTest {

    private static final short TEXT_FORMAT = Bind.TEXT;
    private static final short BINARY_FORMAT = Bind.BINARY;
    private static final int UNSPECIFIED = 0;
    private static final int TEXT = 25;
    private static final int JSONB = 3802;

    @RegisterExtension
    static final GatewayExtension gateway = GatewayExtension.emptyingTracesBeforeEach();

    @ParameterizedTest(name = "type {0} in binary")
    @CsvSource({"25", "1043"}) // text, varchar
    void textInBinaryFormat(int type) throws Exception {
        try (RawPgClient session = login()) {
            send(session, new Parse("", "INSERT INTO public.agent_traces (agent, reasoning) VALUES ($1, $2)",
                            new int[] {TEXT, type}),
                    bind("", new short[] {TEXT_FORMAT, BINARY_FORMAT}, utf8("binary"), utf8(Pii.trace("binary " + type))),
                    new Execute("", 0), Sync.INSTANCE);
            assertThat(errors(readUntilReady(session))).isEmpty();
        }

        assertThat(StoredTraces.reasonings()).containsExactly(Pii.maskedTrace("binary " + type));
        StoredTraces.assertNoRawValue();
    }

    @ParameterizedTest(name = "type {0} in binary")
    @CsvSource({"114", "3802"}) // json, jsonb
    void jsonInBinaryFormat(int type) throws Exception {
        byte[] json = utf8(Pii.payload("binary " + type));
        byte[] value = type == JSONB ? withVersionByte(json) : json;
        try (RawPgClient session = login()) {
            send(session, new Parse("", "INSERT INTO public.agent_traces (agent, payload) VALUES ($1, $2)",
                            new int[] {TEXT, type}),
                    bind("", new short[] {TEXT_FORMAT, BINARY_FORMAT}, utf8("binary"), value),
                    new Execute("", 0), Sync.INSTANCE);
            assertThat(errors(readUntilReady(session))).isEmpty();
        }

        assertThat(StoredTraces.payloads()).containsExactly(StoredTraces.jsonb(Pii.maskedPayload("binary " + type)));
        StoredTraces.assertNoRawValue();
    }

    /** One named statement, bound twice in one pipeline, once in each format. */
    @Test
    void namedStatementBoundInBothFormatsInOnePipeline() throws Exception {
        try (RawPgClient session = login()) {
            send(session, new Parse("both", "INSERT INTO public.agent_traces (agent, reasoning, payload) VALUES ($1, $2, $3)",
                            new int[] {TEXT, TEXT, JSONB}),
                    bind("both", new short[] {TEXT_FORMAT}, utf8("text"), utf8(Pii.trace("text")),
                            utf8(Pii.payload("text"))),
                    new Execute("", 0),
                    bind("both", new short[] {BINARY_FORMAT}, utf8("binary"), utf8(Pii.trace("binary")),
                            withVersionByte(utf8(Pii.payload("binary")))),
                    new Execute("", 0), Sync.INSTANCE);
            assertThat(errors(readUntilReady(session))).isEmpty();
        }

        List<StoredTraces.Row> rows = StoredTraces.all();
        assertThat(rows).extracting(StoredTraces.Row::reasoning)
                .containsExactly(Pii.maskedTrace("text"), Pii.maskedTrace("binary"));
        assertThat(rows).extracting(StoredTraces.Row::payload).containsExactly(
                StoredTraces.jsonb(Pii.maskedPayload("text")), StoredTraces.jsonb(Pii.maskedPayload("binary")));
        StoredTraces.assertNoRawValue();
    }

    /**
     * A binary value whose type the client left unspecified: the server would infer text from the
     * column and store the bytes, but the gateway cannot be sure what they are, so it refuses.
     */
    @Test
    void binaryValueOfUnspecifiedTypeIsRefused() throws Exception {
        try (RawPgClient session = login()) {
            send(session, new Parse("", "INSERT INTO public.agent_traces (agent, reasoning) VALUES ('binary', $1)",
                            new int[] {UNSPECIFIED}),
                    bind("", new short[] {BINARY_FORMAT}, utf8(Pii.trace("unspecified"))),
                    new Execute("", 0), Sync.INSTANCE);
            List<RawPgClient.Message> errors = errors(readUntilReady(session));
            assertThat(errors).singleElement().satisfies(error -> {
                assertThat(error.sqlState()).isEqualTo("42501");
                assertThat(error.fields().get('S')).isEqualTo("ERROR");
                assertThat(error.fields().get('M')).contains("public.agent_traces.reasoning").contains("binary format");
            });

            // The session goes on.
            send(session, new Parse("", "INSERT INTO public.agent_traces (agent, reasoning) VALUES ('binary', $1)",
                            new int[] {TEXT}),
                    bind("", new short[] {BINARY_FORMAT}, utf8(Pii.trace("after"))), new Execute("", 0), Sync.INSTANCE);
            assertThat(errors(readUntilReady(session))).isEmpty();
        }

        assertThat(StoredTraces.reasonings()).containsExactly(Pii.maskedTrace("after"));
    }

    private static RawPgClient login() throws IOException {
        RawPgClient client = RawPgClient.connect("127.0.0.1", gateway.port(), Duration.ofSeconds(30));
        try {
            client.loginScram(GatewayFixture.AGENT, GatewayFixture.AGENT_PASSWORD, PostgresFixture.TRACES_DATABASE);
        } catch (IOException | RuntimeException e) {
            client.close();
            throw e;
        }
        return client;
    }

    /** Writes the messages in one go, as a pipelining client does. */
    private static void send(RawPgClient client, PgMessage... messages) throws IOException {
        ByteBuf buffer = Unpooled.buffer();
        try {
            for (PgMessage message : messages) {
                message.encode(buffer);
            }
            byte[] bytes = new byte[buffer.readableBytes()];
            buffer.readBytes(bytes);
            client.write(bytes);
        } finally {
            buffer.release();
        }
    }

    /** Every message up to and including the next ReadyForQuery. */
    private static List<RawPgClient.Message> readUntilReady(RawPgClient client) throws IOException {
        List<RawPgClient.Message> messages = new ArrayList<>();
        RawPgClient.Message message;
        do {
            message = client.readMessage();
            if (message == null) {
                throw new IOException("the gateway closed the connection; messages so far: " + messages);
            }
            messages.add(message);
        } while (message.type() != 'Z');
        return messages;
    }

    private static Bind bind(String statement, short[] formats, byte[]... values) {
        return new Bind("", statement, formats, List.of(values), new short[0]);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] withVersionByte(byte[] json) {
        byte[] value = new byte[json.length + 1];
        value[0] = 1;
        System.arraycopy(json, 0, value, 1, json.length);
        return value;
    }

    private static List<RawPgClient.Message> errors(List<RawPgClient.Message> messages) {
        return messages.stream().filter(m -> m.type() == 'E').toList();
    }
}
