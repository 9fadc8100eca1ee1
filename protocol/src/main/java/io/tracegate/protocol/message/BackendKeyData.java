package io.tracegate.protocol.message;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;

/**
 * The process id and secret a client needs to cancel its queries. The gateway hands each client
 * keys of its own and keeps the upstream's to itself.
 */
public record BackendKeyData(int processId, byte[] secretKey) implements BackendMessage {

    public BackendKeyData {
        secretKey = secretKey.clone();
    }

    @Override
    public byte[] secretKey() {
        return secretKey.clone();
    }

    public static BackendKeyData decode(ByteBuf body) {
        int processId = body.readInt();
        byte[] secret = new byte[body.readableBytes()];
        body.readBytes(secret);
        return new BackendKeyData(processId, secret);
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeByte('K').writeInt(8 + secretKey.length).writeInt(processId).writeBytes(secretKey);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BackendKeyData other && other.processId == processId
                && Arrays.equals(other.secretKey, secretKey);
    }

    @Override
    public int hashCode() {
        return processId * 31 + Arrays.hashCode(secretKey);
    }

    @Override
    public String toString() {
        return "BackendKeyData[processId=" + processId + ", secretKey=(" + secretKey.length + " bytes)]";
    }
}
