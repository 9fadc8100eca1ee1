package io.tracegate.protocol.message;

import static io.tracegate.protocol.codec.Wire.hex;
import static io.tracegate.protocol.codec.Wire.wire;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.tracegate.protocol.codec.PgProtocolException;
import io.tracegate.protocol.codec.Wire;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The untyped startup-phase packets (no type byte: Int32 length, Int32 code, body). Their framing
 * and the split-read cases are in {@code StartupMessageDecoderTest}; here each packet's bytes.
 */
class StartupPacketWireTest {

    private static final byte[] SECRET_32 = {
        31, 30, 29, 28, 27, 26, 25, 24, 23, 22, 21, 20, 19, 18, 17, 16,
        15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0};

    static Stream<Arguments> cases() {
        return Stream.of(
                c("SSLRequest", SslRequest.INSTANCE, wire().int32(8).int32(80877103)),
                c("GSSENCRequest", GssEncRequest.INSTANCE, wire().int32(8).int32(80877104)),
                c("CancelRequest, 4-byte secret (3.0)", new CancelRequest(5678, new byte[] {1, 2, 3, 4}),
                        wire().int32(16).int32(80877102).int32(5678).bytes(1, 2, 3, 4)),
                c("CancelRequest, 32-byte secret (3.2)", new CancelRequest(5678, SECRET_32),
                        wire().int32(44).int32(80877102).int32(5678).bytes(SECRET_32)),
                c("StartupMessage 3.0", new StartupMessage(StartupMessage.PROTOCOL_3_0,
                                ordered("user", "agent", "database", "traces")),
                        wire().int32(36).int32(196608)
                                .string("user").string("agent").string("database").string("traces").int8(0)),
                c("StartupMessage 3.2, unsorted parameters", new StartupMessage(196610,
                                ordered("options", "-c x=1", "user", "agent", "application_name", "psql")),
                        wire().int32(57).int32(196610)
                                .string("options").string("-c x=1").string("user").string("agent")
                                .string("application_name").string("psql").int8(0)));
    }

    private static Arguments c(String name, FrontendMessage message, Wire expected) {
        return Arguments.of(name, message, expected.toBytes());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void encodesToTheDocumentedBytes(String name, FrontendMessage message, byte[] wire) {
        assertThat(hex(Wire.encode(message))).isEqualTo(hex(wire));
    }

    @Test
    void cancelRequestsDecodeFromTheBodyAfterTheCode() {
        assertThat(decodeBody(wire().int32(16).int32(80877102).int32(5678).bytes(1, 2, 3, 4).toBytes(),
                CancelRequest::decode)).isEqualTo(new CancelRequest(5678, new byte[] {1, 2, 3, 4}));
        assertThat(decodeBody(wire().int32(44).int32(80877102).int32(5678).bytes(SECRET_32).toBytes(),
                CancelRequest::decode)).isEqualTo(new CancelRequest(5678, SECRET_32));
    }

    @Test
    void startupMessageDecodesItsParametersInWireOrder() {
        byte[] wire = wire().int32(57).int32(196610)
                .string("options").string("-c x=1").string("user").string("agent")
                .string("application_name").string("psql").int8(0).toBytes();
        StartupMessage message = decodeBody(wire, body -> StartupMessage.decode(196610, body));
        assertThat(message.parameters().keySet()).containsExactly("options", "user", "application_name");
        assertThat(message.parameters()).containsEntry("options", "-c x=1");
        assertThat(message.minorVersion()).isEqualTo(2);
        assertThat(hex(Wire.encode(message))).isEqualTo(hex(wire));
    }

    @Test
    void startupMessageWithTrailingBytesIsAProtocolViolation() {
        byte[] wire = wire().int32(21).int32(196608).string("user").string("agent").int8(0).int8(7).toBytes();
        assertThatThrownBy(() -> decodeBody(wire, body -> StartupMessage.decode(196608, body)))
                .isInstanceOfSatisfying(PgProtocolException.class, e -> assertThat(e.sqlState()).isEqualTo("08P01"));
    }

    /** Skips the length and code words, as the startup decoder does, and decodes the rest. */
    private static <T> T decodeBody(byte[] packet, Function<ByteBuf, T> decoder) {
        ByteBuf buf = Wire.buffer(packet);
        try {
            return decoder.apply(buf.skipBytes(8));
        } finally {
            buf.release();
        }
    }

    private static Map<String, String> ordered(String... namesAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            map.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return map;
    }
}
