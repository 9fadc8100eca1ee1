package io.tracegate.protocol.message;

import io.netty.buffer.ByteBuf;

/** The client is leaving; no reply. */
public record Terminate() implements FrontendMessage {

    public static final Terminate INSTANCE = new Terminate();

    @Override
    public void encode(ByteBuf out) {
        out.writeByte('X').writeInt(4);
    }
}
