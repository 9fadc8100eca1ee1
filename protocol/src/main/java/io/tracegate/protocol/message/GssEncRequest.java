package io.tracegate.protocol.message;

import io.netty.buffer.ByteBuf;

/** Asks for GSSAPI encryption; the gateway answers 'N' so clients fall back to TLS or plain. */
public record GssEncRequest() implements FrontendMessage {

    public static final int CODE = 80877104;
    public static final GssEncRequest INSTANCE = new GssEncRequest();

    @Override
    public void encode(ByteBuf out) {
        out.writeInt(8).writeInt(CODE);
    }
}
