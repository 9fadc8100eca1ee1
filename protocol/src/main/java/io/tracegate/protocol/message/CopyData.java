package io.tracegate.protocol.message;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;

/**
 * A chunk of COPY data in either direction. Chunk boundaries are arbitrary: a row may span
 * several messages and one message may hold many rows.
 */
public record CopyData(byte[] data) implements FrontendMessage, BackendMessage {

    public CopyData {
        data = data.clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    public static CopyData decode(ByteBuf body) {
        byte[] data = new byte[body.readableBytes()];
        body.readBytes(data);
        return new CopyData(data);
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeByte('d').writeInt(4 + data.length).writeBytes(data);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CopyData other && Arrays.equals(other.data, data);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "CopyData[(" + data.length + " bytes)]";
    }
}
