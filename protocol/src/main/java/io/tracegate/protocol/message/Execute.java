package io.tracegate.protocol.message;

import io.netty.buffer.ByteBuf;
import io.tracegate.protocol.codec.PgBuffers;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/** Execute a portal; {@code maxRows} 0 means no limit, otherwise PortalSuspended after that many rows. */
public record Execute(String portal, int maxRows) implements FrontendMessage {

    public static Execute decode(ByteBuf body, Charset charset) {
        String portal = PgBuffers.readCString(body, charset);
        int maxRows = body.readInt();
        PgBuffers.requireFullyRead(body, "Execute");
        return new Execute(portal, maxRows);
    }

    @Override
    public void encode(ByteBuf out) {
        int lengthIndex = PgBuffers.beginMessage(out, 'E');
        PgBuffers.writeCString(out, portal, StandardCharsets.UTF_8);
        out.writeInt(maxRows);
        PgBuffers.endMessage(out, lengthIndex);
    }
}
