package io.tracegate.protocol.message;

import io.netty.buffer.ByteBuf;

/** Describe of a statement or portal that returns no rows. */
public record NoData() implements BackendMessage {

    public static final NoData INSTANCE = new NoData();

    @Override
    public void encode(ByteBuf out) {
        out.writeByte('n').writeInt(4);
    }
}
