package io.tracegate.protocol.message;

import io.netty.buffer.ByteBuf;
import io.tracegate.protocol.codec.PgBuffers;
import java.util.Arrays;

/** The parameter type OIDs of a prepared statement, in answer to Describe('S'). */
public record ParameterDescription(int[] types) implements BackendMessage {

    public ParameterDescription {
        types = types.clone();
    }

    @Override
    public int[] types() {
        return types.clone();
    }

    public static ParameterDescription decode(ByteBuf body) {
        int[] types = new int[body.readUnsignedShort()];
        for (int i = 0; i < types.length; i++) {
            types[i] = body.readInt();
        }
        return new ParameterDescription(types);
    }

    @Override
    public void encode(ByteBuf out) {
        int lengthIndex = PgBuffers.beginMessage(out, 't');
        out.writeShort(types.length);
        for (int type : types) {
            out.writeInt(type);
        }
        PgBuffers.endMessage(out, lengthIndex);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ParameterDescription other && Arrays.equals(other.types, types);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(types);
    }

    @Override
    public String toString() {
        return "ParameterDescription" + Arrays.toString(types);
    }
}
