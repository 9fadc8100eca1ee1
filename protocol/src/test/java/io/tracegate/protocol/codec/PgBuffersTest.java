package io.tracegate.protocol.codec;

import static io.tracegate.protocol.codec.Wire.hex;
import static io.tracegate.protocol.codec.Wire.wire;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class PgBuffersTest {

    @Test
    void readCStringConsumesTheTerminator() {
        withBuffer(wire().string("abc").string("").int8(7).toBytes(), buf -> {
            assertThat(PgBuffers.readCString(buf)).isEqualTo("abc");
            assertThat(PgBuffers.readCString(buf)).isEmpty();
            assertThat(buf.readByte()).isEqualTo((byte) 7);
        });
    }

    @Test
    void aStringWithoutTerminatorIsAProtocolViolation() {
        withBuffer(wire().text("abc").toBytes(), buf -> assertViolation(() -> PgBuffers.readCString(buf)));
    }

    @Test
    void writeCStringUsesTheGivenCharset() {
        ByteBuf out = PooledByteBufAllocator.DEFAULT.buffer();
        try {
            PgBuffers.writeCString(out, "é", StandardCharsets.ISO_8859_1);
            PgBuffers.writeCString(out, "é");
            assertThat(hex(ByteBufUtil.getBytes(out))).isEqualTo("e900c3a900");
        } finally {
            out.release();
        }
    }

    @Test
    void lengthPrefixedValuesReadMinusOneAsNull() {
        withBuffer(wire().int32(-1).int32(0).int32(2).bytes(7, 8).toBytes(), buf -> {
            assertThat(PgBuffers.readLengthPrefixed(buf)).isNull();
            assertThat(PgBuffers.readLengthPrefixed(buf)).isEmpty();
            assertThat(PgBuffers.readLengthPrefixed(buf)).containsExactly(7, 8);
        });
    }

    @Test
    void aNegativeLengthOtherThanMinusOneIsAProtocolViolation() {
        withBuffer(wire().int32(-2).toBytes(), buf -> assertViolation(() -> PgBuffers.readLengthPrefixed(buf)));
    }

    @Test
    void aLengthPastTheEndIsAProtocolViolation() {
        withBuffer(wire().int32(3).bytes(1, 2).toBytes(), buf -> assertViolation(() -> PgBuffers.readLengthPrefixed(buf)));
    }

    @Test
    void aMissingLengthWordIsAProtocolViolation() {
        withBuffer(wire().int16(0).toBytes(), buf -> assertViolation(() -> PgBuffers.readLengthPrefixed(buf)));
    }

    @Test
    void endMessageBackPatchesTheLengthAfterWhatTheBufferAlreadyHeld() {
        ByteBuf out = PooledByteBufAllocator.DEFAULT.buffer();
        try {
            out.writeByte('S').writeInt(4);
            int lengthIndex = PgBuffers.beginMessage(out, 'C');
            PgBuffers.writeCString(out, "BEGIN");
            PgBuffers.endMessage(out, lengthIndex);
            assertThat(hex(ByteBufUtil.getBytes(out)))
                    .isEqualTo(hex(wire().byte1('S').int32(4).byte1('C').int32(10).string("BEGIN").toBytes()));
        } finally {
            out.release();
        }
    }

    @Test
    void emptyMessageIsTypeAndLengthFour() {
        ByteBuf sync = PgBuffers.emptyMessage(ByteBufAllocator.DEFAULT, 'S');
        try {
            assertThat(hex(ByteBufUtil.getBytes(sync))).isEqualTo(hex(wire().byte1('S').int32(4).toBytes()));
        } finally {
            sync.release();
        }
    }

    @Test
    void requireFullyReadNamesTheLeftovers() {
        withBuffer(new byte[] {1, 2}, buf -> assertThatThrownBy(() -> PgBuffers.requireFullyRead(buf, "Sync"))
                .isInstanceOf(PgProtocolException.class)
                .hasMessage("Sync has 2 unexpected trailing bytes"));
    }

    private static void withBuffer(byte[] bytes, Consumer<ByteBuf> test) {
        ByteBuf buf = Wire.buffer(bytes);
        try {
            test.accept(buf);
        } finally {
            buf.release();
        }
    }

    private static void assertViolation(ThrowingCallable call) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(PgProtocolException.class, e -> assertThat(e.sqlState()).isEqualTo("08P01"));
    }
}
