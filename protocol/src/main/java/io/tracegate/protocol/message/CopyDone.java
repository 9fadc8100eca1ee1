package io.tracegate.protocol.message;

import io.netty.buffer.ByteBuf;

/** End of COPY data, sent by whichever side was streaming it. */
public record CopyDone() implements FrontendMessage, BackendMessage {

    public static final CopyDone INSTANCE = new CopyDone();

    @Override
    public void encode(ByteBuf out) {
        out.writeByte('c').writeInt(4);
    }
}
