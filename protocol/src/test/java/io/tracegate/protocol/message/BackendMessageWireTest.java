package io.tracegate.protocol.message;

import static io.tracegate.protocol.codec.Wire.ascii;
import static io.tracegate.protocol.codec.Wire.hex;
import static io.tracegate.protocol.codec.Wire.wire;
import static org.assertj.core.api.Assertions.assertThat;

import io.tracegate.protocol.codec.PgFrame;
import io.tracegate.protocol.codec.Wire;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every backend message against bytes written out by hand from the "Message Formats" chapter:
 * encoding gives exactly those bytes, and {@link BackendMessages#decode} of those bytes gives the
 * message back.
 */
class BackendMessageWireTest {

    private static final byte[] SECRET_32 = {
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
        16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31};

    static Stream<Arguments> cases() {
        return Stream.of(
                c("AuthenticationOk", Authentication.Ok.INSTANCE, wire().byte1('R').int32(8).int32(0)),
                c("AuthenticationCleartextPassword", Authentication.CleartextPassword.INSTANCE,
                        wire().byte1('R').int32(8).int32(3)),
                c("AuthenticationMD5Password", new Authentication.Md5Password(new byte[] {1, 2, 3, 4}),
                        wire().byte1('R').int32(12).int32(5).bytes(1, 2, 3, 4)),
                c("AuthenticationSASL", new Authentication.Sasl(List.of("SCRAM-SHA-256-PLUS", "SCRAM-SHA-256")),
                        wire().byte1('R').int32(42).int32(10).string("SCRAM-SHA-256-PLUS").string("SCRAM-SHA-256").int8(0)),
                c("AuthenticationSASLContinue", new Authentication.SaslContinue(ascii("r=nonce")),
                        wire().byte1('R').int32(15).int32(11).text("r=nonce")),
                c("AuthenticationSASLFinal", new Authentication.SaslFinal(ascii("v=sig")),
                        wire().byte1('R').int32(13).int32(12).text("v=sig")),
                c("AuthenticationKerberosV5 (unsupported)", new Authentication.Unsupported(2),
                        wire().byte1('R').int32(8).int32(2)),
                c("AuthenticationGSS (unsupported)", new Authentication.Unsupported(7),
                        wire().byte1('R').int32(8).int32(7)),
                c("AuthenticationSSPI (unsupported)", new Authentication.Unsupported(9),
                        wire().byte1('R').int32(8).int32(9)),
                c("BackendKeyData, 4-byte key (3.0)", new BackendKeyData(1234, new byte[] {9, 8, 7, 6}),
                        wire().byte1('K').int32(12).int32(1234).bytes(9, 8, 7, 6)),
                c("BackendKeyData, 32-byte key (3.2)", new BackendKeyData(1234, SECRET_32),
                        wire().byte1('K').int32(40).int32(1234).bytes(SECRET_32)),
                c("ParameterStatus", new ParameterStatus("client_encoding", "UTF8"),
                        wire().byte1('S').int32(25).string("client_encoding").string("UTF8")),
                c("ReadyForQuery idle", ReadyForQuery.IDLE, wire().byte1('Z').int32(5).byte1('I')),
                c("ReadyForQuery in transaction", ReadyForQuery.IN_TRANSACTION, wire().byte1('Z').int32(5).byte1('T')),
                c("ReadyForQuery failed transaction", ReadyForQuery.FAILED, wire().byte1('Z').int32(5).byte1('E')),
                c("CommandComplete", new CommandComplete("INSERT 0 3"),
                        wire().byte1('C').int32(15).string("INSERT 0 3")),
                c("ErrorResponse", ErrorResponse.error("42P01", "no such table", "table t"),
                        wire().byte1('E').int32(50)
                                .byte1('S').string("ERROR").byte1('V').string("ERROR").byte1('C').string("42P01")
                                .byte1('M').string("no such table").byte1('D').string("table t").int8(0)),
                c("NoticeResponse", NoticeResponse.of("WARNING", "01000", "careful", null),
                        wire().byte1('N').int32(39)
                                .byte1('S').string("WARNING").byte1('V').string("WARNING").byte1('C').string("01000")
                                .byte1('M').string("careful").int8(0)),
                c("EmptyQueryResponse", EmptyQueryResponse.INSTANCE, wire().byte1('I').int32(4)),
                c("ParseComplete", ParseComplete.INSTANCE, wire().byte1('1').int32(4)),
                c("BindComplete", BindComplete.INSTANCE, wire().byte1('2').int32(4)),
                c("CloseComplete", CloseComplete.INSTANCE, wire().byte1('3').int32(4)),
                c("NoData", NoData.INSTANCE, wire().byte1('n').int32(4)),
                c("PortalSuspended", PortalSuspended.INSTANCE, wire().byte1('s').int32(4)),
                c("ParameterDescription", new ParameterDescription(new int[] {23, 25}),
                        wire().byte1('t').int32(14).int16(2).int32(23).int32(25)),
                c("ParameterDescription, no parameters", new ParameterDescription(new int[0]),
                        wire().byte1('t').int32(6).int16(0)),
                c("RowDescription", new RowDescription(List.of(
                                new RowDescription.Field("id", 16384, (short) 1, 23, (short) 4, -1, (short) 0),
                                new RowDescription.Field("note", 0, (short) 0, 25, (short) -1, -1, (short) 1))),
                        wire().byte1('T').int32(50).int16(2)
                                .string("id").int32(16384).int16(1).int32(23).int16(4).int32(-1).int16(0)
                                .string("note").int32(0).int16(0).int32(25).int16(-1).int32(-1).int16(1)),
                c("DataRow, text/NULL/empty", new DataRow(Arrays.asList(ascii("42"), null, new byte[0])),
                        wire().byte1('D').int32(20).int16(3).int32(2).text("42").int32(-1).int32(0)),
                c("CopyInResponse, text", new CopyInResponse((byte) 0, new short[] {0, 0}),
                        wire().byte1('G').int32(11).int8(0).int16(2).int16(0).int16(0)),
                c("CopyOutResponse, binary", new CopyOutResponse((byte) 1, new short[] {1}),
                        wire().byte1('H').int32(9).int8(1).int16(1).int16(1)),
                c("CopyBothResponse", new CopyBothResponse((byte) 0, new short[0]),
                        wire().byte1('W').int32(7).int8(0).int16(0)),
                c("CopyData", new CopyData(ascii("1\tx\n")), wire().byte1('d').int32(8).text("1\tx\n")),
                c("CopyDone", CopyDone.INSTANCE, wire().byte1('c').int32(4)),
                c("NotificationResponse", new NotificationResponse(4321, "jobs", "hello"),
                        wire().byte1('A').int32(19).int32(4321).string("jobs").string("hello")),
                c("FunctionCallResponse", new FunctionCallResponse(new byte[] {1, 2}),
                        wire().byte1('V').int32(10).int32(2).bytes(1, 2)),
                c("FunctionCallResponse, NULL", new FunctionCallResponse(null),
                        wire().byte1('V').int32(8).int32(-1)),
                c("NegotiateProtocolVersion, unknown option", new NegotiateProtocolVersion(0, List.of("_pq_.foo")),
                        wire().byte1('v').int32(21).int32(0).int32(1).string("_pq_.foo")),
                c("NegotiateProtocolVersion, 3.2 only", new NegotiateProtocolVersion(2, List.of()),
                        wire().byte1('v').int32(12).int32(2).int32(0)));
    }

    private static Arguments c(String name, BackendMessage message, Wire expected) {
        return Arguments.of(name, message, expected.toBytes());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void encodesToAndDecodesFromTheDocumentedBytes(String name, BackendMessage message, byte[] wire) {
        assertThat(hex(Wire.encode(message))).isEqualTo(hex(wire));

        PgFrame frame = Wire.frame(wire);
        try {
            assertThat(BackendMessages.decode(frame)).isEqualTo(message).hasSameClassAs(message);
            // The gateway may still relay a frame it decoded: decoding must leave it as it was.
            assertThat(frame.refCnt()).isEqualTo(1);
            assertThat(frame.content().readerIndex()).isZero();
            assertThat(frame.content().readableBytes()).isEqualTo(wire.length);
        } finally {
            frame.release();
        }
    }

    @Test
    void errorFieldsKeepTheOrderTheServerSentThem() {
        // Not the order ErrorResponse.error() writes: a relayed or re-encoded error must not be reshuffled.
        byte[] wire = wire().byte1('E').int32(50)
                .byte1('M').string("no such table").byte1('C').string("42P01").byte1('D').string("table t")
                .byte1('S').string("ERROR").byte1('V').string("ERROR").int8(0).toBytes();
        PgFrame frame = Wire.frame(wire);
        try {
            ErrorResponse error = (ErrorResponse) BackendMessages.decode(frame);
            assertThat(error.fields().keySet()).containsExactly('M', 'C', 'D', 'S', 'V');
            assertThat(hex(Wire.encode(error))).isEqualTo(hex(wire));
        } finally {
            frame.release();
        }
    }

    @Test
    void errorFieldsAreWrittenInTheOrderGiven() {
        Map<Character, String> fields = new LinkedHashMap<>();
        fields.put('C', "28P01");
        fields.put('S', "FATAL");
        fields.put('M', "no");
        assertThat(hex(Wire.encode(new ErrorResponse(fields)))).isEqualTo(hex(wire().byte1('E').int32(23)
                .byte1('C').string("28P01").byte1('S').string("FATAL").byte1('M').string("no").int8(0).toBytes()));
    }
}
