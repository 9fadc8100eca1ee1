package io.tracegate.protocol.message;

import io.netty.buffer.ByteBuf;
import io.tracegate.protocol.codec.PgBuffers;
import io.tracegate.protocol.codec.PgFrame;

/** A NOTIFY delivered to a listening session; may arrive between queries. */
public record NotificationResponse(int processId, String channel, String payload) implements BackendMessage {

    public static NotificationResponse decode(ByteBuf body) {
        return new NotificationResponse(body.readInt(), PgBuffers.readCString(body), PgBuffers.readCString(body));
    }

    /**
     * Rewrites in place the process id that a relayed NotificationResponse {@code frame} carries,
     * when it is {@code from}, to {@code to}, leaving channel and payload bytes untouched.
     * Returns whether it did; a body too short to hold an id is left to the client to refuse.
     */
    public static boolean replaceProcessId(PgFrame frame, int from, int to) {
        ByteBuf body = frame.body();
        if (body.readableBytes() < 4 || body.getInt(body.readerIndex()) != from) {
            return false;
        }
        body.setInt(body.readerIndex(), to);
        return true;
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
