package io.tracegate.protocol.message;

import io.netty.buffer.ByteBuf;
import io.tracegate.protocol.codec.PgBuffers;
import java.util.Arrays;

/** The server starts sending COPY TO STDOUT data. Overall format 0 is text (rows of text columns), 1 binary. */
public record CopyOutResponse(byte format, short[] columnFormats) implements BackendMessage {

    public CopyOutResponse {
        columnFormats = columnFormats.clone();
    }

    @Override
    public short[] columnFormats() {
        return columnFormats.clone();
    }

    public static CopyOutResponse decode(ByteBuf body) {
        byte format = body.readByte();
        short[] columns = new short[body.readUnsignedShort()];
        for (int i = 0; i < columns.length; i++) {
            columns[i] = body.readShort();
        }
        return new CopyOutResponse(format, columns);
    }

    @Override
    public void encode(ByteBuf out) {
        int lengthIndex = PgBuffers.beginMessage(out, 'H');
        out.writeByte(format).writeShort(columnFormats.length);
        for (short columnFormat : columnFormats) {
            out.writeShort(columnFormat);
        }
        PgBuffers.endMessage(out, lengthIndex);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CopyOutResponse other && other.format == format && Arrays.equals(other.columnFormats, columnFormats);
    }

    @Override
    public int hashCode() {
        return format * 31 + Arrays.hashCode(columnFormats);
    }

    @Override
    public String toString() {
        return "CopyOutResponse[format=" + format + ", columns=" + columnFormats.length + "]";
    }
}
