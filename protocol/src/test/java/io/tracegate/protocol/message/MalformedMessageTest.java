package io.tracegate.protocol.message;

import static io.tracegate.protocol.codec.Wire.wire;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracegate.protocol.codec.PgFrame;
import io.tracegate.protocol.codec.PgProtocolException;
import io.tracegate.protocol.codec.Wire;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A well-framed message whose body does not add up (too short, counts that promise more than
 * follows, bytes left over) is the peer's protocol violation: 08P01, never a stray runtime
 * exception that the session would not know how to answer.
 */
class MalformedMessageTest {

    private static final Function<PgFrame, Object> FRONTEND = frame -> FrontendMessages.decode(frame, UTF_8);
    private static final Function<PgFrame, Object> BACKEND = BackendMessages::decode;

    static Stream<Arguments> cases() {
        return Stream.of(
                c("Bind without result format count", FRONTEND,
                        wire().byte1('B').int32(10).string("").string("").int16(0).int16(0)),
                c("Bind value longer than the message", FRONTEND,
                        wire().byte1('B').int32(14).string("").string("").int16(0).int16(1).int32(100)),
                c("Bind value length -2", FRONTEND,
                        wire().byte1('B').int32(16).string("").string("").int16(0).int16(1).int32(-2).int16(0)),
                c("Bind with 2 format codes for 1 value", FRONTEND,
                        wire().byte1('B').int32(21).string("").string("").int16(2).int16(0).int16(0)
                                .int16(1).int32(1).text("a").int16(0)),
                c("Bind with trailing bytes", FRONTEND,
                        wire().byte1('B').int32(13).string("").string("").int16(0).int16(0).int16(0).int8(9)),
                c("Parse declaring 2 types, carrying 1", FRONTEND,
                        wire().byte1('P').int32(13).string("").string("x").int16(2).int32(0)),
                c("Execute without row limit", FRONTEND, wire().byte1('E').int32(5).string("")),
                c("Describe name without terminator", FRONTEND, wire().byte1('D').int32(6).byte1('S').text("s")),
                c("Describe of kind 'X'", FRONTEND, wire().byte1('D').int32(7).byte1('X').string("s")),
                c("Describe of kind 's'", FRONTEND, wire().byte1('D').int32(7).byte1('s').string("s")),
                c("Describe with an empty body", FRONTEND, wire().byte1('D').int32(4)),
                c("Close of kind 'X'", FRONTEND, wire().byte1('C').int32(7).byte1('X').string("s")),
                c("Close of kind NUL", FRONTEND, wire().byte1('C').int32(6).int8(0).string("")),
                c("Close with an empty body", FRONTEND, wire().byte1('C').int32(4)),
                c("Query with trailing bytes", FRONTEND, wire().byte1('Q').int32(7).string("x").int8(1)),
                c("FunctionCall cut after the OID", FRONTEND, wire().byte1('F').int32(8).int32(1234)),
                c("Authentication without code", BACKEND, wire().byte1('R').int32(4)),
                c("AuthenticationMD5Password with a 2-byte salt", BACKEND,
                        wire().byte1('R').int32(10).int32(5).bytes(1, 2)),
                c("BackendKeyData without process id", BACKEND, wire().byte1('K').int32(4)),
                c("ReadyForQuery without status", BACKEND, wire().byte1('Z').int32(4)),
                c("ReadyForQuery with unknown status", BACKEND, wire().byte1('Z').int32(5).byte1('X')),
                c("DataRow promising 2 values, carrying 1", BACKEND,
                        wire().byte1('D').int32(11).int16(2).int32(1).text("a")),
                c("RowDescription cut inside a field", BACKEND, wire().byte1('T').int32(9).int16(1).string("id")),
                c("ParameterDescription promising 2 types, carrying 1", BACKEND,
                        wire().byte1('t').int32(10).int16(2).int32(23)),
                c("CopyInResponse promising 2 columns, carrying 1", BACKEND,
                        wire().byte1('G').int32(9).int8(0).int16(2).int16(0)),
                c("NotificationResponse without process id", BACKEND, wire().byte1('A').int32(4)),
                c("NegotiateProtocolVersion promising 2 options, carrying 1", BACKEND,
                        wire().byte1('v').int32(17).int32(0).int32(2).string("_pq_")));
    }

    private static Arguments c(String name, Function<PgFrame, Object> decoder, Wire bytes) {
        return Arguments.of(name, decoder, bytes.toBytes());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void isAProtocolViolation(String name, Function<PgFrame, Object> decoder, byte[] wire) {
        PgFrame frame = Wire.frame(wire);
        try {
            assertThatThrownBy(() -> decoder.apply(frame))
                    .isInstanceOfSatisfying(PgProtocolException.class, e -> assertThat(e.sqlState()).isEqualTo("08P01"));
            assertThat(frame.refCnt()).isEqualTo(1);
        } finally {
            frame.release();
        }
    }
}
