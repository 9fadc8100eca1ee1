package io.tracegate.protocol.message;

import io.netty.buffer.ByteBuf;
import io.tracegate.protocol.codec.PgBuffers;
import io.tracegate.protocol.codec.PgProtocolException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Extended query Bind: binds parameter values to a prepared statement, creating a portal.
 *
 * <p>Format codes follow the protocol's 0/1/N rule: no codes means all text, one code applies to
 * every value, otherwise one code per value. {@link #parameterFormat(int)} resolves it.
 * Values are {@code null} for SQL NULL.
 */
public record Bind(String portal, String statement, short[] parameterFormats, List<byte[]> parameters,
        short[] resultFormats) implements FrontendMessage {

    public static final short TEXT = 0;
    public static final short BINARY = 1;

    public Bind {
        parameterFormats = parameterFormats.clone();
        resultFormats = resultFormats.clone();
        parameters = Collections.unmodifiableList(new ArrayList<>(parameters));
        if (parameterFormats.length > 1 && parameterFormats.length != parameters.size()) {
            throw new PgProtocolException("08P01", "bind message has " + parameterFormats.length
                    + " parameter formats but " + parameters.size() + " parameters");
        }
    }

    @Override
    public short[] parameterFormats() {
        return parameterFormats.clone();
    }

    @Override
    public short[] resultFormats() {
        return resultFormats.clone();
    }

    /** The format of parameter {@code index} under the 0/1/N rule. */
    public short parameterFormat(int index) {
        return switch (parameterFormats.length) {
            case 0 -> TEXT;
            case 1 -> parameterFormats[0];
            default -> parameterFormats[index];
        };
    }

    /** Reads only the portal name, for a Bind relayed without decoding its values. */
    public static String peekPortal(ByteBuf body, Charset charset) {
        return PgBuffers.readCString(body.duplicate(), charset);
    }

    /** Reads only the statement name, for routing a Bind without decoding its values. */
    public static String peekStatement(ByteBuf body, Charset charset) {
        ByteBuf copy = body.duplicate();
        PgBuffers.readCString(copy, charset);
        return PgBuffers.readCString(copy, charset);
    }

    public static Bind decode(ByteBuf body, Charset charset) {
        String portal = PgBuffers.readCString(body, charset);
        String statement = PgBuffers.readCString(body, charset);
        short[] formats = readShorts(body);
        int count = body.readUnsignedShort();
        List<byte[]> values = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            values.add(PgBuffers.readLengthPrefixed(body));
        }
        short[] resultFormats = readShorts(body);
        PgBuffers.requireFullyRead(body, "Bind");
        return new Bind(portal, statement, formats, values, resultFormats);
    }

    private static short[] readShorts(ByteBuf body) {
        int count = body.readUnsignedShort();
        short[] values = new short[count];
        for (int i = 0; i < count; i++) {
            values[i] = body.readShort();
        }
        return values;
    }

    /** A copy of this Bind with different parameter values (same formats). */
    public Bind withParameters(List<byte[]> newParameters) {
        return new Bind(portal, statement, parameterFormats, newParameters, resultFormats);
    }

    public void encode(ByteBuf out, Charset charset) {
        int lengthIndex = PgBuffers.beginMessage(out, 'B');
        PgBuffers.writeCString(out, portal, charset);
        PgBuffers.writeCString(out, statement, charset);
        out.writeShort(parameterFormats.length);
        for (short format : parameterFormats) {
            out.writeShort(format);
        }
        out.writeShort(parameters.size());
        for (byte[] value : parameters) {
            PgBuffers.writeLengthPrefixed(out, value);
        }
        out.writeShort(resultFormats.length);
        for (short format : resultFormats) {
            out.writeShort(format);
        }
        PgBuffers.endMessage(out, lengthIndex);
    }

    @Override
    public void encode(ByteBuf out) {
        encode(out, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Bind other) || other.parameters.size() != parameters.size()) {
            return false;
        }
        for (int i = 0; i < parameters.size(); i++) {
            if (!Arrays.equals(other.parameters.get(i), parameters.get(i))) {
                return false;
            }
        }
        return other.portal.equals(portal) && other.statement.equals(statement)
                && Arrays.equals(other.parameterFormats, parameterFormats)
                && Arrays.equals(other.resultFormats, resultFormats);
    }

    @Override
    public int hashCode() {
        int hash = portal.hashCode() * 31 + statement.hashCode();
        for (byte[] value : parameters) {
            hash = hash * 31 + Arrays.hashCode(value);
        }
        return hash;
    }

    /** Never prints values: they may be what policy masks. */
    @Override
    public String toString() {
        return "Bind[portal=" + portal + ", statement=" + statement + ", parameters=" + parameters.size() + "]";
    }
}
