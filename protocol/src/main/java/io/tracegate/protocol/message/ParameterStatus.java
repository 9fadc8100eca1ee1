package io.tracegate.protocol.message;

import io.netty.buffer.ByteBuf;
import io.tracegate.protocol.codec.PgBuffers;

/** A run-time parameter's current value, sent after startup and whenever SET changes a reported one. */
public record ParameterStatus(String name, String value) implements BackendMessage {

    public static ParameterStatus decode(ByteBuf body) {
        String name = PgBuffers.readCString(body);
        String value = PgBuffers.readCString(body);
        return new ParameterStatus(name, value);
    }

    @Override
    public void encode(ByteBuf out) {
        int lengthIndex = PgBuffers.beginMessage(out, 'S');
        PgBuffers.writeCString(out, name);
        PgBuffers.writeCString(out, value);
        PgBuffers.endMessage(out, lengthIndex);
    }
}
