package io.tracegate.protocol.message;

import io.netty.buffer.ByteBuf;

/** Answers a Query or Execute whose text held no statement. */
public record EmptyQueryResponse() implements BackendMessage {

    public static final EmptyQueryResponse INSTANCE = new EmptyQueryResponse();

    @Override
    public void encode(ByteBuf out) {
        out.writeByte('I').writeInt(4);
    }
}
