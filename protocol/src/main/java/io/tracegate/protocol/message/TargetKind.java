package io.tracegate.protocol.message;

import io.netty.buffer.ByteBuf;
import io.tracegate.protocol.codec.PgProtocolException;
import java.util.Locale;

/** The first byte of Describe and Close: whether the name that follows is a prepared statement or a portal. */
final class TargetKind {

    static final char STATEMENT = 'S';
    static final char PORTAL = 'P';

    private TargetKind() {
    }

    /**
     * The kind byte at the body's reader index, left unread. Anything but 'S' or 'P' is the
     * protocol violation PostgreSQL reports ("invalid DESCRIBE message subtype 88"): passing it on
     * would let the gateway's idea of the open statements and portals drift from the server's.
     */
    static char peek(ByteBuf body, String message) {
        if (!body.isReadable()) {
            throw new PgProtocolException("08P01", message + " message is empty: it must start with 'S' or 'P'");
        }
        short kind = body.getUnsignedByte(body.readerIndex());
        if (kind != STATEMENT && kind != PORTAL) {
            throw new PgProtocolException("08P01", "invalid " + message.toUpperCase(Locale.ROOT)
                    + " message subtype " + kind + ": expected 'S' (prepared statement) or 'P' (portal)");
        }
        return (char) kind;
    }
}
