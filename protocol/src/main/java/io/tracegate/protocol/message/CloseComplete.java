package io.tracegate.protocol.message;

import io.netty.buffer.ByteBuf;

/** Close succeeded. */
public record CloseComplete() implements BackendMessage {

    public static final CloseComplete INSTANCE = new CloseComplete();

    @Override
    public void encode(ByteBuf out) {
        out.writeByte('3').writeInt(4);
    }
}
