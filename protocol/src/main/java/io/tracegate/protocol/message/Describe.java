package io.tracegate.protocol.message;

import io.netty.buffer.ByteBuf;
import io.tracegate.protocol.codec.PgBuffers;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/** Describe a prepared statement ('S') or a portal ('P'). */
public record Describe(char kind, String name) implements FrontendMessage {

    public static final char STATEMENT = TargetKind.STATEMENT;
    public static final char PORTAL = TargetKind.PORTAL;

    /** @throws io.tracegate.protocol.codec.PgProtocolException (08P01) for a kind other than 'S' or 'P' */
    public static Describe decode(ByteBuf body, Charset charset) {
        char kind = kind(body);
        body.skipBytes(1);
        String name = PgBuffers.readCString(body, charset);
        PgBuffers.requireFullyRead(body, "Describe");
        return new Describe(kind, name);
    }

    /**
     * Checks the kind byte at the body's reader index and returns it without consuming it or
     * decoding the name: what a relay that passes Describe on needs.
     *
     * @throws io.tracegate.protocol.codec.PgProtocolException (08P01) for a kind other than 'S' or 'P'
     */
    public static char kind(ByteBuf body) {
        return TargetKind.peek(body, "Describe");
    }

    @Override
    public void encode(ByteBuf out) {
        int lengthIndex = PgBuffers.beginMessage(out, 'D');
        out.writeByte(kind);
        PgBuffers.writeCString(out, name, StandardCharsets.UTF_8);
        PgBuffers.endMessage(out, lengthIndex);
    }
}
