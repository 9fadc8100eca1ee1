package io.tracegate.protocol.message;

import io.netty.buffer.ByteBuf;
import io.tracegate.protocol.codec.PgBuffers;

/** A statement finished; the tag says what it did, e.g. {@code INSERT 0 3} or {@code SELECT 10}. */
public record CommandComplete(String tag) implements BackendMessage {

    public static CommandComplete decode(ByteBuf body) {
        return new CommandComplete(PgBuffers.readCString(body));
    }

    /** The row count at the end of the tag, or -1 for tags without one (BEGIN, SET, ...). */
    public long rowCount() {
        int space = tag.lastIndexOf(' ');
        if (space < 0) {
            return -1;
        }
        try {
            return Long.parseLong(tag.substring(space + 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    @Override
    public void encode(ByteBuf out) {
        int lengthIndex = PgBuffers.beginMessage(out, 'C');
        PgBuffers.writeCString(out, tag);
        PgBuffers.endMessage(out, lengthIndex);
    }
}
