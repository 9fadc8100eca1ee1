package io.tracegate.protocol.message;

import io.netty.buffer.ByteBuf;

/** Bind succeeded. */
public record BindComplete() implements BackendMessage {

    public static final BindComplete INSTANCE = new BindComplete();

    @Override
    public void encode(ByteBuf out) {
        out.writeByte('2').writeInt(4);
    }
}
