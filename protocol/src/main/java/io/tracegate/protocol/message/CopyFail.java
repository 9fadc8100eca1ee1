package io.tracegate.protocol.message;

import io.netty.buffer.ByteBuf;
import io.tracegate.protocol.codec.PgBuffers;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/** The client aborts a COPY FROM STDIN; the server answers with an ErrorResponse. */
public record CopyFail(String message) implements FrontendMessage {

    public static CopyFail decode(ByteBuf body, Charset charset) {
        String message = PgBuffers.readCString(body, charset);
        PgBuffers.requireFullyRead(body, "CopyFail");
        return new CopyFail(message);
    }

    @Override
    public void encode(ByteBuf out) {
        int lengthIndex = PgBuffers.beginMessage(out, 'f');
        PgBuffers.writeCString(out, message, StandardCharsets.UTF_8);
        PgBuffers.endMessage(out, lengthIndex);
    }
}
