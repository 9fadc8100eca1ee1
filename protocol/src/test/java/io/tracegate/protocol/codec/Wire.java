package io.tracegate.protocol.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.tracegate.protocol.PgMessage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Spells out expected wire bytes field by field, in the order the "Message Formats" chapter of the
 * PostgreSQL docs lists them. Lengths are literals the test author counts by hand; nothing here
 * computes one, so an expected message cannot silently agree with a wrong encoder.
 */
public final class Wire {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private Wire() {
    }

    public static Wire wire() {
        return new Wire();
    }

    /** Byte1(c): a message type or a field code. */
    public Wire byte1(char c) {
        out.write(c);
        return this;
    }

    public Wire int8(int value) {
        out.write(value);
        return this;
    }

    public Wire int16(int value) {
        out.write(value >>> 8);
        out.write(value);
        return this;
    }

    public Wire int32(int value) {
        out.write(value >>> 24);
        out.write(value >>> 16);
        out.write(value >>> 8);
        out.write(value);
        return this;
    }

    /** String(s): UTF-8 bytes and the NUL terminator. */
    public Wire string(String s) {
        out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
        out.write(0);
        return this;
    }

    /** Byte<i>n</i>: raw bytes, no terminator. */
    public Wire bytes(byte[] data) {
        out.writeBytes(data);
        return this;
    }

    public Wire bytes(int... data) {
        for (int b : data) {
            out.write(b);
        }
        return this;
    }

    public Wire text(String s) {
        return bytes(s.getBytes(StandardCharsets.UTF_8));
    }

    public byte[] toBytes() {
        return out.toByteArray();
    }

    public static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            all.writeBytes(part);
        }
        return all.toByteArray();
    }

    public static String hex(byte[] bytes) {
        return ByteBufUtil.hexDump(bytes);
    }

    /** Encodes {@code message} through {@link PgMessage#encode(io.netty.buffer.ByteBufAllocator)} and returns the bytes. */
    public static byte[] encode(PgMessage message) {
        ByteBuf buf = message.encode(PooledByteBufAllocator.DEFAULT);
        try {
            return ByteBufUtil.getBytes(buf);
        } finally {
            buf.release();
        }
    }

    /** A leak-tracked buffer holding {@code bytes}; the caller (or the pipeline it enters) releases it. */
    public static ByteBuf buffer(byte[] bytes) {
        return PooledByteBufAllocator.DEFAULT.buffer(Math.max(bytes.length, 1)).writeBytes(bytes);
    }

    /** A typed frame as {@link PgFrameDecoder} would emit it for these bytes; the caller releases it. */
    public static PgFrame frame(byte[] typedMessage) {
        return new PgFrame(typedMessage[0], buffer(typedMessage));
    }
}
