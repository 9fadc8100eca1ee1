package io.tracegate.protocol.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;

/**
 * One whole PostgreSQL message as it arrived: the type byte, the length word and the body, as a
 * retained slice of the receive buffer. The gateway decodes the few messages it inspects from
 * {@link #body()} and relays every other frame by writing {@link #content()} unchanged.
 */
public final class PgFrame extends DefaultByteBufHolder {

    /** Bytes before the body: one type byte and the int32 length. */
    public static final int HEADER_LENGTH = 5;

    private final byte type;

    public PgFrame(byte type, ByteBuf frame) {
        super(frame);
        this.type = type;
    }

    public byte type() {
        return type;
    }

    /** The message body (after the type byte and the length), a slice sharing this frame's memory. */
    public ByteBuf body() {
        ByteBuf frame = content();
        return frame.slice(frame.readerIndex() + HEADER_LENGTH, frame.readableBytes() - HEADER_LENGTH);
    }

    public int bodyLength() {
        return content().readableBytes() - HEADER_LENGTH;
    }

    @Override
    public PgFrame replace(ByteBuf content) {
        return new PgFrame(type, content);
    }

    @Override
    public PgFrame retain() {
        super.retain();
        return this;
    }

    @Override
    public String toString() {
        return "PgFrame(" + (char) type + ", " + bodyLength() + " bytes)";
    }
}
