package io.tracegate.protocol.message;

import io.netty.buffer.ByteBuf;
import io.tracegate.protocol.codec.PgBuffers;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Extended query Parse: a statement name (empty for the unnamed statement), the query text with
 * {@code $n} placeholders and the parameter type OIDs the client fixed (0 leaves one unspecified).
 */
public record Parse(String statement, String query, int[] parameterTypes) implements FrontendMessage {

    public Parse {
        parameterTypes = parameterTypes.clone();
    }

    @Override
    public int[] parameterTypes() {
        return parameterTypes.clone();
    }

    /** The OID the client gave parameter {@code index} (0-based), or 0 when it left it to the server. */
    public int parameterType(int index) {
        return index < parameterTypes.length ? parameterTypes[index] : 0;
    }

    public static Parse decode(ByteBuf body, Charset charset) {
        String statement = PgBuffers.readCString(body, charset);
        String query = PgBuffers.readCString(body, charset);
        int count = body.readUnsignedShort();
        int[] types = new int[count];
        for (int i = 0; i < count; i++) {
            types[i] = body.readInt();
        }
        PgBuffers.requireFullyRead(body, "Parse");
        return new Parse(statement, query, types);
    }

    public void encode(ByteBuf out, Charset charset) {
        int lengthIndex = PgBuffers.beginMessage(out, 'P');
        PgBuffers.writeCString(out, statement, charset);
        PgBuffers.writeCString(out, query, charset);
        out.writeShort(parameterTypes.length);
        for (int type : parameterTypes) {
            out.writeInt(type);
        }
        PgBuffers.endMessage(out, lengthIndex);
    }

    @Override
    public void encode(ByteBuf out) {
        encode(out, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Parse other && other.statement.equals(statement) && other.query.equals(query)
                && Arrays.equals(other.parameterTypes, parameterTypes);
    }

    @Override
    public int hashCode() {
        return (statement.hashCode() * 31 + query.hashCode()) * 31 + Arrays.hashCode(parameterTypes);
    }

    @Override
    public String toString() {
        return "Parse[statement=" + statement + ", query=(" + query.length() + " chars), parameterTypes="
                + Arrays.toString(parameterTypes) + "]";
    }
}
