package io.tracegate.protocol.message;

import io.netty.buffer.ByteBuf;
import io.tracegate.protocol.codec.PgBuffers;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/** Simple Query: one string that may hold several statements separated by semicolons. */
public record Query(String sql) implements FrontendMessage {

    public static Query decode(ByteBuf body, Charset charset) {
        String sql = PgBuffers.readCString(body, charset);
        PgBuffers.requireFullyRead(body, "Query");
        return new Query(sql);
    }

    public void encode(ByteBuf out, Charset charset) {
        int lengthIndex = PgBuffers.beginMessage(out, 'Q');
        PgBuffers.writeCString(out, sql, charset);
        PgBuffers.endMessage(out, lengthIndex);
    }

    @Override
    public void encode(ByteBuf out) {
        encode(out, StandardCharsets.UTF_8);
    }

    /** Never prints the SQL: it may carry values that policy masks. */
    @Override
    public String toString() {
        return "Query[(" + sql.length() + " chars)]";
    }
}
