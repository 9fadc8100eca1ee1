package io.tracegate.protocol.message;

import io.netty.buffer.ByteBuf;

/** Execute stopped at its row limit; the portal can be executed again. */
public record PortalSuspended() implements BackendMessage {

    public static final PortalSuspended INSTANCE = new PortalSuspended();

    @Override
    public void encode(ByteBuf out) {
        out.writeByte('s').writeInt(4);
    }
}
