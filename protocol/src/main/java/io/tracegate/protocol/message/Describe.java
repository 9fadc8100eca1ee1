package io.tracegate.protocol.message;

import io.netty.buffer.ByteBuf;
import io.tracegate.protocol.codec.PgBuffers;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/** Describe a prepared statement ('S') or a portal ('P'). */
public record Describe(char kind, String name) implements FrontendMessage {

    public static Describe decode(ByteBuf body, Charset charset) {
        char kind = (char) body.readByte();
        String name = PgBuffers.readCString(body, charset);
        PgBuffers.requireFullyRead(body, "Describe");
        return new Describe(kind, name);
    }

    @Override
    public void encode(ByteBuf out) {
        int lengthIndex = PgBuffers.beginMessage(out, 'D');
        out.writeByte(kind);
        PgBuffers.writeCString(out, name, StandardCharsets.UTF_8);
        PgBuffers.endMessage(out, lengthIndex);
    }
}
