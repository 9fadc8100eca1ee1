package io.tracegate.protocol.message;

import io.netty.buffer.ByteBuf;

/** Asks the server to switch to TLS before the StartupMessage; the answer is one byte, 'S' or 'N'. */
public record SslRequest() implements FrontendMessage {

    public static final int CODE = 80877103;
    public static final SslRequest INSTANCE = new SslRequest();

    @Override
    public void encode(ByteBuf out) {
        out.writeInt(8).writeInt(CODE);
    }
}
