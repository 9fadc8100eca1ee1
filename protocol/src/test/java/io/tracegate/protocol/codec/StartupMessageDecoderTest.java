package io.tracegate.protocol.codec;

import static io.tracegate.protocol.codec.DecoderRun.framed;
import static io.tracegate.protocol.codec.DecoderRun.relayed;
import static io.tracegate.protocol.codec.Wire.concat;
import static io.tracegate.protocol.codec.Wire.wire;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import io.tracegate.protocol.message.CancelRequest;
import io.tracegate.protocol.message.GssEncRequest;
import io.tracegate.protocol.message.SslRequest;
import io.tracegate.protocol.message.StartupMessage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class StartupMessageDecoderTest {

    private static final byte[] SSL_REQUEST = wire().int32(8).int32(80877103).toBytes();
    private static final byte[] GSSENC_REQUEST = wire().int32(8).int32(80877104).toBytes();
    private static final byte[] CANCEL_4 = wire().int32(16).int32(80877102).int32(1234)
            .bytes(0xDE, 0xAD, 0xBE, 0xEF).toBytes();
    private static final byte[] SECRET_32 = sequence(32);
    private static final byte[] CANCEL_32 = wire().int32(44).int32(80877102).int32(1234).bytes(SECRET_32).toBytes();
    private static final byte[] STARTUP_3_0 = wire().int32(36).int32(196608)
            .string("user").string("agent").string("database").string("traces").int8(0).toBytes();
    private static final byte[] STARTUP_3_2 = wire().int32(58).int32(196610)
            .string("application_name").string("psql").string("user").string("agent")
            .string("database").string("traces").int8(0).toBytes();

    // The first typed messages a client sends after its StartupMessage.
    private static final byte[] PASSWORD = wire().byte1('p').int32(11).string("secret").toBytes();
    private static final byte[] SYNC = wire().byte1('S').int32(4).toBytes();
    private static final byte[] QUERY = wire().byte1('Q').int32(13).string("SELECT 1").toBytes();

    private static final StartupMessage STARTUP_3_0_MESSAGE =
            new StartupMessage(StartupMessage.PROTOCOL_3_0, ordered("user", "agent", "database", "traces"));
    private static final StartupMessage STARTUP_3_2_MESSAGE = new StartupMessage(196610,
            ordered("application_name", "psql", "user", "agent", "database", "traces"));

    private static final Supplier<EmbeddedChannel> DECODER = () -> new EmbeddedChannel(
            new StartupMessageDecoder(() -> new PgFrameDecoder(8192, MessageTypes.of('p', 'Q'))));

    static Stream<Arguments> startupPackets() {
        return Stream.of(
                Arguments.of("SSLRequest", SSL_REQUEST, SslRequest.INSTANCE),
                Arguments.of("GSSENCRequest", GSSENC_REQUEST, GssEncRequest.INSTANCE),
                Arguments.of("CancelRequest, 4-byte secret (3.0)", CANCEL_4,
                        new CancelRequest(1234, new byte[] {(byte) 0xDE, (byte) 0xAD, (byte) 0xBE, (byte) 0xEF})),
                Arguments.of("CancelRequest, 32-byte secret (3.2)", CANCEL_32, new CancelRequest(1234, SECRET_32)),
                Arguments.of("StartupMessage 3.0", STARTUP_3_0, STARTUP_3_0_MESSAGE),
                Arguments.of("StartupMessage 3.2", STARTUP_3_2, STARTUP_3_2_MESSAGE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("startupPackets")
    void decodesEachStartupPacketWhereverTheReadsAreCut(String name, byte[] packet, Object expected) {
        List<List<byte[]>> splits = new ArrayList<>(DecoderRun.everySplit(packet));
        splits.add(List.of(packet));
        splits.add(DecoderRun.oneByteAtATime(packet));
        for (List<byte[]> split : splits) {
            DecoderRun.Result result = DecoderRun.run(DECODER, split);
            assertThat(result.errors()).isEmpty();
            assertThat(result.events()).as("split after byte %d", split.get(0).length).containsExactly(expected);
        }
    }

    @Test
    void startupMessageKeepsTheParameterOrderTheClientSent() {
        StartupMessage message = (StartupMessage) DecoderRun.run(DECODER, STARTUP_3_2).events().get(0);
        assertThat(message.parameters().keySet()).containsExactly("application_name", "user", "database");
        assertThat(message.majorVersion()).isEqualTo(3);
        assertThat(message.minorVersion()).isEqualTo(2);
        assertThat(message.parameter("user")).isEqualTo("agent");
    }

    @Test
    void afterStartupTheTypedDecoderTakesOverTheRestOfTheSameBuffer() {
        EmbeddedChannel ch = DECODER.get();
        List<Object> out = new ArrayList<>();
        try {
            ch.writeInbound(Wire.buffer(concat(STARTUP_3_0, PASSWORD, QUERY)));
            for (Object msg = ch.readInbound(); msg != null; msg = ch.readInbound()) {
                out.add(msg);
            }
            assertThat(ch.pipeline().get(StartupMessageDecoder.class)).isNull();
            assertThat(ch.pipeline().get("pg-frame-decoder")).isInstanceOf(PgFrameDecoder.class);
            assertThat(out).hasSize(3);
            assertThat(out.get(0)).isEqualTo(STARTUP_3_0_MESSAGE);
            assertThat(out.get(1)).isInstanceOfSatisfying(PgFrame.class, f -> assertThat((char) f.type()).isEqualTo('p'));
            assertThat(out.get(2)).isInstanceOfSatisfying(PgFrame.class, f -> assertThat((char) f.type()).isEqualTo('Q'));
        } finally {
            out.forEach(ReferenceCountUtil::release);
            ch.finishAndReleaseAll();
        }
    }

    @Test
    void theHandOverWorksWhereverTheReadsAreCut() {
        byte[] stream = concat(STARTUP_3_2, PASSWORD, SYNC, QUERY);
        List<Object> expected = List.of(STARTUP_3_2_MESSAGE, framed(PASSWORD), relayed(SYNC), framed(QUERY));
        List<List<byte[]>> splits = new ArrayList<>(DecoderRun.everySplit(stream));
        splits.add(DecoderRun.oneByteAtATime(stream));
        for (List<byte[]> split : splits) {
            DecoderRun.Result result = DecoderRun.run(DECODER, split);
            assertThat(result.errors()).isEmpty();
            assertThat(result.events()).as("split after byte %d", split.get(0).length).isEqualTo(expected);
        }
    }

    @Test
    void aGssEncRequestReadOnItsOwnHandsOverToTheStartupWhereverItsBytesAreCut() {
        for (List<byte[]> request : List.of(List.of(GSSENC_REQUEST), DecoderRun.oneByteAtATime(GSSENC_REQUEST))) {
            List<byte[]> reads = new ArrayList<>(request);
            reads.add(concat(STARTUP_3_2, QUERY));
            DecoderRun.Result result = DecoderRun.run(DECODER, reads);
            assertThat(result.errors()).isEmpty();
            assertThat(result.events()).containsExactly(GssEncRequest.INSTANCE, STARTUP_3_2_MESSAGE, framed(QUERY));
        }
    }

    @Test
    void cancelRequestsAndStartupPacketsMayShareABuffer() {
        DecoderRun.Result result = DecoderRun.run(DECODER, concat(CANCEL_4, CANCEL_32));
        assertThat(result.errors()).isEmpty();
        assertThat(result.events()).hasSize(2).allMatch(CancelRequest.class::isInstance);
    }

    @Test
    void sslRequestFollowedByBytesInTheSameBufferIsRefused() {
        DecoderRun.Result result = DecoderRun.run(DECODER, concat(SSL_REQUEST, STARTUP_3_0), STARTUP_3_0);
        assertProtocolViolation(result, "received unencrypted data after SSL request");
    }

    @Test
    void gssEncRequestFollowedByBytesInTheSameBufferIsRefused() {
        DecoderRun.Result result = DecoderRun.run(DECODER, concat(GSSENC_REQUEST, STARTUP_3_0), STARTUP_3_0);
        assertProtocolViolation(result, "received unencrypted data after GSSAPI encryption request");
        DecoderRun.Result oneByteMore = DecoderRun.run(DECODER, concat(GSSENC_REQUEST, new byte[] {0}));
        assertProtocolViolation(oneByteMore, "received unencrypted data after GSSAPI encryption request");
    }

    @Test
    void sslRequestThenStartupInALaterReadIsFine() {
        DecoderRun.Result result = DecoderRun.run(DECODER, SSL_REQUEST, STARTUP_3_0);
        assertThat(result.errors()).isEmpty();
        assertThat(result.events()).containsExactly(SslRequest.INSTANCE, STARTUP_3_0_MESSAGE);
    }

    @ParameterizedTest
    @ValueSource(ints = {7, 4, 0, -1, 10_001, Integer.MAX_VALUE})
    void aStartupPacketLengthOutOfRangeIsRefused(int length) {
        byte[] packet = wire().int32(length).int32(196608).int8(0).toBytes();
        DecoderRun.Result result = DecoderRun.run(DECODER, packet, STARTUP_3_0);
        assertProtocolViolation(result, "invalid length of startup packet: " + length);
    }

    @Test
    void aStartupPacketOfExactlyTheMaximumLengthIsAccepted() {
        String filler = "x".repeat(10_000 - 8 - "user\0agent\0options\0".length() - 2);
        byte[] packet = wire().int32(10_000).int32(196608)
                .string("user").string("agent").string("options").string(filler).int8(0).toBytes();
        assertThat(packet).hasSize(10_000);
        DecoderRun.Result result = DecoderRun.run(DECODER, packet);
        assertThat(result.errors()).isEmpty();
        assertThat(result.events()).singleElement().isInstanceOfSatisfying(StartupMessage.class,
                m -> assertThat(m.parameter("options")).hasSize(filler.length()));
    }

    @ParameterizedTest
    @ValueSource(ints = {0x0002_0000, 0x0004_0000, 0})
    void anUnsupportedMajorVersionIsRefused(int version) {
        byte[] packet = wire().int32(9).int32(version).int8(0).toBytes();
        DecoderRun.Result result = DecoderRun.run(DECODER, packet, STARTUP_3_0);
        assertProtocolViolation(result, "unsupported frontend protocol " + (version >>> 16) + ".0");
    }

    @Test
    void aStartupMessageWithoutItsFinalTerminatorIsRefused() {
        byte[] packet = wire().int32(19).int32(196608).string("user").string("agent").toBytes();
        DecoderRun.Result result = DecoderRun.run(DECODER, packet, STARTUP_3_0);
        assertProtocolViolation(result, "missing its final terminator");
    }

    @Test
    void aCancelRequestWithoutProcessIdIsRefused() {
        byte[] packet = wire().int32(8).int32(80877102).toBytes();
        DecoderRun.Result result = DecoderRun.run(DECODER, packet, STARTUP_3_0);
        assertProtocolViolation(result, "cancel request");
    }

    @Test
    void aCancelRequestWithoutSecretIsRefused() {
        byte[] packet = wire().int32(12).int32(80877102).int32(1234).toBytes();
        DecoderRun.Result result = DecoderRun.run(DECODER, packet, STARTUP_3_0);
        assertProtocolViolation(result, "cancel request");
    }

    @Test
    void aCancelRequestSecretLongerThan256BytesIsRefused() {
        byte[] packet = wire().int32(12 + 257).int32(80877102).int32(1234).bytes(sequence(257)).toBytes();
        DecoderRun.Result result = DecoderRun.run(DECODER, packet, STARTUP_3_0);
        assertProtocolViolation(result, "cancel request");
    }

    @Test
    void aCancelRequestSecretOf256BytesIsAccepted() {
        byte[] packet = wire().int32(12 + 256).int32(80877102).int32(1234).bytes(sequence(256)).toBytes();
        DecoderRun.Result result = DecoderRun.run(DECODER, packet);
        assertThat(result.errors()).isEmpty();
        assertThat(result.events()).containsExactly(new CancelRequest(1234, sequence(256)));
    }

    /** One 08P01 naming the problem, nothing decoded, and every later byte ignored. */
    private static void assertProtocolViolation(DecoderRun.Result result, String message) {
        assertThat(result.errors()).singleElement().satisfies(e -> {
            assertThat(e.sqlState()).isEqualTo("08P01");
            assertThat(e.getMessage()).contains(message);
        });
        assertThat(result.events()).isEmpty();
    }

    private static byte[] sequence(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) i;
        }
        return bytes;
    }

    private static Map<String, String> ordered(String... namesAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            map.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return map;
    }
}
