package io.tracegate.protocol.message;

import io.netty.buffer.ByteBuf;
import io.tracegate.protocol.codec.PgBuffers;
import java.util.Arrays;

/** The result of a fast-path FunctionCall; {@code null} for SQL NULL. */
public record FunctionCallResponse(byte[] value) implements BackendMessage {

    public FunctionCallResponse {
        value = value == null ? null : value.clone();
    }

    @Override
    public byte[] value() {
        return value == null ? null : value.clone();
    }

    public static FunctionCallResponse decode(ByteBuf body) {
        return new FunctionCallResponse(PgBuffers.readLengthPrefixed(body));
    }

    @Override
    public void encode(ByteBuf out) {
        int lengthIndex = PgBuffers.beginMessage(out, 'V');
        PgBuffers.writeLengthPrefixed(out, value);
        PgBuffers.endMessage(out, lengthIndex);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FunctionCallResponse other && Arrays.equals(other.value, value);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "FunctionCallResponse[(" + (value == null ? "null" : value.length + " bytes") + ")]";
    }
}
