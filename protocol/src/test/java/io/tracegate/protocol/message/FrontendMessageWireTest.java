package io.tracegate.protocol.message;

import static io.tracegate.protocol.codec.Wire.ascii;
import static io.tracegate.protocol.codec.Wire.hex;
import static io.tracegate.protocol.codec.Wire.wire;
import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.tracegate.protocol.codec.PgFrame;
import io.tracegate.protocol.codec.Wire;
import java.nio.charset.Charset;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every typed frontend message against bytes written out by hand from the "Message Formats"
 * chapter: encoding gives exactly those bytes, and {@link FrontendMessages#decode} of those bytes
 * gives the message back.
 */
class FrontendMessageWireTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                c("Query", new Query("SELECT 1"),
                        wire().byte1('Q').int32(13).string("SELECT 1")),
                c("Parse, unnamed, no types", new Parse("", "SELECT 1", new int[0]),
                        wire().byte1('P').int32(16).string("").string("SELECT 1").int16(0)),
                c("Parse, types left unspecified (0)", new Parse("s1", "SELECT $1, $2", new int[] {0, 0}),
                        wire().byte1('P').int32(31).string("s1").string("SELECT $1, $2").int16(2).int32(0).int32(0)),
                c("Parse, int4 fixed", new Parse("s2", "SELECT $1", new int[] {23}),
                        wire().byte1('P').int32(23).string("s2").string("SELECT $1").int16(1).int32(23)),
                c("Bind, 0 format codes, text/empty/NULL values",
                        new Bind("", "s1", new short[0], Arrays.asList(ascii("42"), new byte[0], null), new short[0]),
                        wire().byte1('B').int32(28).string("").string("s1")
                                .int16(0)
                                .int16(3).int32(2).text("42").int32(0).int32(-1)
                                .int16(0)),
                c("Bind, 1 format code for all",
                        new Bind("p1", "s1", new short[] {1}, Arrays.asList(new byte[] {0, 0, 0, 42}, null),
                                new short[] {1}),
                        wire().byte1('B').int32(32).string("p1").string("s1")
                                .int16(1).int16(1)
                                .int16(2).int32(4).bytes(0, 0, 0, 42).int32(-1)
                                .int16(1).int16(1)),
                c("Bind, N format codes",
                        new Bind("", "", new short[] {0, 1, 0}, Arrays.asList(ascii("a"), new byte[] {1}, null),
                                new short[] {0, 1}),
                        wire().byte1('B').int32(36).string("").string("")
                                .int16(3).int16(0).int16(1).int16(0)
                                .int16(3).int32(1).text("a").int32(1).bytes(1).int32(-1)
                                .int16(2).int16(0).int16(1)),
                c("Describe statement", new Describe('S', "s1"),
                        wire().byte1('D').int32(8).byte1('S').string("s1")),
                c("Describe unnamed portal", new Describe('P', ""),
                        wire().byte1('D').int32(6).byte1('P').string("")),
                c("Execute, no row limit", new Execute("", 0),
                        wire().byte1('E').int32(9).string("").int32(0)),
                c("Execute, 100 rows", new Execute("p1", 100),
                        wire().byte1('E').int32(11).string("p1").int32(100)),
                c("Close statement", new Close(Close.STATEMENT, "s1"),
                        wire().byte1('C').int32(8).byte1('S').string("s1")),
                c("Close portal", new Close(Close.PORTAL, "p1"),
                        wire().byte1('C').int32(8).byte1('P').string("p1")),
                c("Sync", Sync.INSTANCE, wire().byte1('S').int32(4)),
                c("Flush", Flush.INSTANCE, wire().byte1('H').int32(4)),
                c("Terminate", Terminate.INSTANCE, wire().byte1('X').int32(4)),
                c("CopyData", new CopyData(new byte[] {1, 2, 3}),
                        wire().byte1('d').int32(7).bytes(1, 2, 3)),
                c("CopyDone", CopyDone.INSTANCE, wire().byte1('c').int32(4)),
                c("CopyFail", new CopyFail("no more"),
                        wire().byte1('f').int32(12).string("no more")),
                c("FunctionCall",
                        new FunctionCall(1234, new short[] {1}, Arrays.asList(new byte[] {0, 0, 0, 1}, null), (short) 1),
                        wire().byte1('F').int32(28).int32(1234)
                                .int16(1).int16(1)
                                .int16(2).int32(4).bytes(0, 0, 0, 1).int32(-1)
                                .int16(1)),
                c("PasswordMessage", PasswordMessage.password("secret"),
                        wire().byte1('p').int32(11).string("secret")),
                c("SASLInitialResponse", PasswordMessage.saslInitialResponse("SCRAM-SHA-256", ascii("n,,n=,r=abc")),
                        wire().byte1('p').int32(33).string("SCRAM-SHA-256").int32(11).text("n,,n=,r=abc")),
                c("SASLResponse", PasswordMessage.saslResponse(ascii("c=biws")),
                        wire().byte1('p').int32(10).text("c=biws")));
    }

    private static Arguments c(String name, FrontendMessage message, Wire expected) {
        return Arguments.of(name, message, expected.toBytes());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void encodesToAndDecodesFromTheDocumentedBytes(String name, FrontendMessage message, byte[] wire) {
        assertThat(hex(Wire.encode(message))).isEqualTo(hex(wire));

        PgFrame frame = Wire.frame(wire);
        try {
            assertThat(FrontendMessages.decode(frame, UTF_8)).isEqualTo(message).hasSameClassAs(message);
            // The gateway may still relay a frame it decoded: decoding must leave it as it was.
            assertThat(frame.refCnt()).isEqualTo(1);
            assertThat(frame.content().readerIndex()).isZero();
            assertThat(frame.content().readableBytes()).isEqualTo(wire.length);
        } finally {
            frame.release();
        }
    }

    @Test
    void encodeAppendsToWhatTheBufferAlreadyHolds() {
        ByteBuf out = PooledByteBufAllocator.DEFAULT.buffer();
        try {
            Sync.INSTANCE.encode(out);
            new Execute("", 0).encode(out);
            assertThat(hex(ByteBufUtil.getBytes(out))).isEqualTo(hex(
                    wire().byte1('S').int32(4).byte1('E').int32(9).string("").int32(0).toBytes()));
        } finally {
            out.release();
        }
    }

    @Test
    void textIsWrittenAndReadInTheSessionEncoding() {
        Query query = new Query("SELECT 'é'");
        byte[] latin1 = wire().byte1('Q').int32(15).text("SELECT '").bytes(0xE9).text("'").int8(0).toBytes();
        byte[] utf8 = wire().byte1('Q').int32(16).text("SELECT '").bytes(0xC3, 0xA9).text("'").int8(0).toBytes();

        ByteBuf out = PooledByteBufAllocator.DEFAULT.buffer();
        try {
            query.encode(out, ISO_8859_1);
            assertThat(hex(ByteBufUtil.getBytes(out))).isEqualTo(hex(latin1));
        } finally {
            out.release();
        }
        assertThat(hex(Wire.encode(query))).isEqualTo(hex(utf8));

        assertThat(decode(latin1, ISO_8859_1)).isEqualTo(query);
        assertThat(decode(utf8, UTF_8)).isEqualTo(query);
    }

    private static FrontendMessage decode(byte[] wire, Charset charset) {
        PgFrame frame = Wire.frame(wire);
        try {
            return FrontendMessages.decode(frame, charset);
        } finally {
            frame.release();
        }
    }
}
