package io.tracegate.protocol.message;

import io.netty.buffer.ByteBuf;

/** End of an extended-query batch; the server answers with ReadyForQuery and ends error skipping. */
public record Sync() implements FrontendMessage {

    public static final Sync INSTANCE = new Sync();

    @Override
    public void encode(ByteBuf out) {
        out.writeByte('S').writeInt(4);
    }
}
