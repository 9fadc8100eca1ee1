package io.tracegate.protocol.message;

import io.netty.buffer.ByteBuf;

/** Asks the server to send what it has produced so far, without ending the batch. */
public record Flush() implements FrontendMessage {

    public static final Flush INSTANCE = new Flush();

    @Override
    public void encode(ByteBuf out) {
        out.writeByte('H').writeInt(4);
    }
}
