package io.tracegate.protocol.message;

import io.netty.buffer.ByteBuf;
import io.tracegate.protocol.codec.PgBuffers;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/** The legacy fast-path function call ('F'); pgjdbc's large-object API still uses it. */
public record FunctionCall(int functionOid, short[] argumentFormats, List<byte[]> arguments, short resultFormat)
        implements FrontendMessage {

    public FunctionCall {
        argumentFormats = argumentFormats.clone();
        arguments = Collections.unmodifiableList(new ArrayList<>(arguments));
    }

    @Override
    public short[] argumentFormats() {
        return argumentFormats.clone();
    }

    public static FunctionCall decode(ByteBuf body) {
        int oid = body.readInt();
        short[] formats = new short[body.readUnsignedShort()];
        for (int i = 0; i < formats.length; i++) {
            formats[i] = body.readShort();
        }
        int count = body.readUnsignedShort();
        List<byte[]> arguments = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            arguments.add(PgBuffers.readLengthPrefixed(body));
        }
        short resultFormat = body.readShort();
        PgBuffers.requireFullyRead(body, "FunctionCall");
        return new FunctionCall(oid, formats, arguments, resultFormat);
    }

    @Override
    public void encode(ByteBuf out) {
        int lengthIndex = PgBuffers.beginMessage(out, 'F');
        out.writeInt(functionOid);
        out.writeShort(argumentFormats.length);
        for (short format : argumentFormats) {
            out.writeShort(format);
        }
        out.writeShort(arguments.size());
        for (byte[] argument : arguments) {
            PgBuffers.writeLengthPrefixed(out, argument);
        }
        out.writeShort(resultFormat);
        PgBuffers.endMessage(out, lengthIndex);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof FunctionCall other) || other.functionOid != functionOid
                || other.resultFormat != resultFormat || other.arguments.size() != arguments.size()
                || !Arrays.equals(other.argumentFormats, argumentFormats)) {
            return false;
        }
        for (int i = 0; i < arguments.size(); i++) {
            if (!Arrays.equals(other.arguments.get(i), arguments.get(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return functionOid * 31 + arguments.size();
    }

    @Override
    public String toString() {
        return "FunctionCall[functionOid=" + functionOid + ", arguments=" + arguments.size() + "]";
    }
}
