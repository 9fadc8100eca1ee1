package io.tracegate.protocol.message;

import io.netty.buffer.ByteBuf;
import io.tracegate.protocol.codec.PgBuffers;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/** Close a prepared statement ('S') or a portal ('P'). */
public record Close(char kind, String name) implements FrontendMessage {

    public static final char STATEMENT = TargetKind.STATEMENT;
    public static final char PORTAL = TargetKind.PORTAL;

    /** @throws io.tracegate.protocol.codec.PgProtocolException (08P01) for a kind other than 'S' or 'P' */
    public static Close decode(ByteBuf body, Charset charset) {
        char kind = TargetKind.peek(body, "Close");
        body.skipBytes(1);
        String name = PgBuffers.readCString(body, charset);
        PgBuffers.requireFullyRead(body, "Close");
        return new Close(kind, name);
    }

    @Override
    public void encode(ByteBuf out) {
        int lengthIndex = PgBuffers.beginMessage(out, 'C');
        out.writeByte(kind);
        PgBuffers.writeCString(out, name, StandardCharsets.UTF_8);
        PgBuffers.endMessage(out, lengthIndex);
    }
}
