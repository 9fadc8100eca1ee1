package io.tracegate.protocol.message;

import io.netty.buffer.ByteBuf;
import io.tracegate.protocol.codec.PgProtocolException;
import java.util.Arrays;

/**
 * Sent on a fresh connection to cancel the query running on another session, identified by the
 * process id and secret key from that session's BackendKeyData. Protocol 3.2 allows secrets of
 * up to 256 bytes; 3.0 uses 4.
 */
public record CancelRequest(int processId, byte[] secretKey) implements FrontendMessage {

    public static final int CODE = 80877102;

    /** The protocol documents secrets of 4 to 256 bytes. */
    public static final int MIN_SECRET_LENGTH = 4;
    public static final int MAX_SECRET_LENGTH = 256;

    public CancelRequest {
        secretKey = secretKey.clone();
    }

    @Override
    public byte[] secretKey() {
        return secretKey.clone();
    }

    public static CancelRequest decode(ByteBuf body) {
        int secretLength = body.readableBytes() - 4;
        if (secretLength < MIN_SECRET_LENGTH || secretLength > MAX_SECRET_LENGTH) {
            throw new PgProtocolException("08P01", "invalid length of cancel request packet: "
                    + (body.readableBytes() + 8));
        }
        int processId = body.readInt();
        byte[] secret = new byte[body.readableBytes()];
        body.readBytes(secret);
        return new CancelRequest(processId, secret);
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeInt(12 + secretKey.length).writeInt(CODE).writeInt(processId).writeBytes(secretKey);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CancelRequest other && other.processId == processId
                && Arrays.equals(other.secretKey, secretKey);
    }

    @Override
    public int hashCode() {
        return 31 * processId + Arrays.hashCode(secretKey);
    }

    @Override
    public String toString() {
        return "CancelRequest[processId=" + processId + ", secretKey=(" + secretKey.length + " bytes)]";
    }
}
