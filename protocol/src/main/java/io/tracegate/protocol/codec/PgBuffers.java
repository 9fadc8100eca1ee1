package io.tracegate.protocol.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/** Reading and writing the protocol's primitive types: C strings, length-prefixed frames. */
public final class PgBuffers {

    private PgBuffers() {
    }

    /** Reads a NUL-terminated string and consumes its terminator. */
    public static String readCString(ByteBuf buf, Charset charset) {
        int end = buf.indexOf(buf.readerIndex(), buf.writerIndex(), (byte) 0);
        if (end < 0) {
            throw new PgProtocolException("08P01", "string is missing its NUL terminator");
        }
        String value = buf.toString(buf.readerIndex(), end - buf.readerIndex(), charset);
        buf.readerIndex(end + 1);
        return value;
    }

    public static String readCString(ByteBuf buf) {
        return readCString(buf, StandardCharsets.UTF_8);
    }

    public static void writeCString(ByteBuf buf, String value, Charset charset) {
        if (charset == StandardCharsets.UTF_8) {
            ByteBufUtil.writeUtf8(buf, value);
        } else {
            buf.writeCharSequence(value, charset);
        }
        buf.writeByte(0);
    }

    public static void writeCString(ByteBuf buf, String value) {
        writeCString(buf, value, StandardCharsets.UTF_8);
    }

    /** Reads an int32 length then that many bytes; a length of -1 reads as {@code null} (SQL NULL). */
    public static byte[] readLengthPrefixed(ByteBuf buf) {
        if (buf.readableBytes() < 4) {
            throw new PgProtocolException("08P01", "value is missing its length");
        }
        int length = buf.readInt();
        if (length == -1) {
            return null;
        }
        if (length < 0 || length > buf.readableBytes()) {
            throw new PgProtocolException("08P01", "invalid value length " + length);
        }
        byte[] value = new byte[length];
        buf.readBytes(value);
        return value;
    }

    public static void writeLengthPrefixed(ByteBuf buf, byte[] value) {
        if (value == null) {
            buf.writeInt(-1);
        } else {
            buf.writeInt(value.length);
            buf.writeBytes(value);
        }
    }

    /** Starts a typed message: writes the type byte and a length placeholder; returns the length's index. */
    public static int beginMessage(ByteBuf buf, char type) {
        buf.writeByte(type);
        int lengthIndex = buf.writerIndex();
        buf.writeInt(0);
        return lengthIndex;
    }

    /** Back-patches the length of a message begun with {@link #beginMessage}. */
    public static void endMessage(ByteBuf buf, int lengthIndex) {
        buf.setInt(lengthIndex, buf.writerIndex() - lengthIndex);
    }

    /** A message with no body: type byte and length 4. */
    public static ByteBuf emptyMessage(ByteBufAllocator alloc, char type) {
        return alloc.buffer(5).writeByte(type).writeInt(4);
    }

    public static void requireFullyRead(ByteBuf body, String message) {
        if (body.isReadable()) {
            throw new PgProtocolException("08P01", message + " has " + body.readableBytes() + " unexpected trailing bytes");
        }
    }
}
