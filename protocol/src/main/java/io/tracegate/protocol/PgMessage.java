package io.tracegate.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/** A decoded PostgreSQL protocol message that can write itself back in wire form. */
public interface PgMessage {

    /** Appends this message, header included, to {@code out}. */
    void encode(ByteBuf out);

    /** Encodes this message into a new buffer. */
    default ByteBuf encode(ByteBufAllocator alloc) {
        ByteBuf out = alloc.buffer();
        try {
            encode(out);
            return out;
        } catch (RuntimeException e) {
            out.release();
            throw e;
        }
    }
}
