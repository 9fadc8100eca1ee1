package io.tracegate.protocol.message;

import io.netty.buffer.ByteBuf;
import io.tracegate.protocol.codec.PgBuffers;
import java.util.ArrayList;
import java.util.List;

/**
 * Tells a client that asked for a newer minor version (3.2) or for {@code _pq_.} options what
 * the server speaks instead: the newest minor version it supports and the options it ignored.
 */
public record NegotiateProtocolVersion(int newestMinorVersion, List<String> unrecognizedOptions)
        implements BackendMessage {

    public NegotiateProtocolVersion {
        unrecognizedOptions = List.copyOf(unrecognizedOptions);
    }

    public static NegotiateProtocolVersion decode(ByteBuf body) {
        int minor = body.readInt();
        int count = body.readInt();
        List<String> options = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            options.add(PgBuffers.readCString(body));
        }
        return new NegotiateProtocolVersion(minor, options);
    }

    @Override
    public void encode(ByteBuf out) {
        int lengthIndex = PgBuffers.beginMessage(out, 'v');
        out.writeInt(newestMinorVersion).writeInt(unrecognizedOptions.size());
        for (String option : unrecognizedOptions) {
            PgBuffers.writeCString(out, option);
        }
        PgBuffers.endMessage(out, lengthIndex);
    }
}
