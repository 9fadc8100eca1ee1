package io.tracegate.protocol.message;

import io.netty.buffer.ByteBuf;
import io.tracegate.protocol.codec.PgBuffers;

/** A NOTIFY delivered to a listening session; may arrive between queries. */
public record NotificationResponse(int processId, String channel, String payload) implements BackendMessage {

    public static NotificationResponse decode(ByteBuf body) {
        return new NotificationResponse(body.readInt(), PgBuffers.readCString(body), PgBuffers.readCString(body));
    }

    @Override
    public void encode(ByteBuf out) {
        int lengthIndex = PgBuffers.beginMessage(out, 'A');
        out.writeInt(processId);
        PgBuffers.writeCString(out, channel);
        PgBuffers.writeCString(out, payload);
        PgBuffers.endMessage(out, lengthIndex);
    }
}
