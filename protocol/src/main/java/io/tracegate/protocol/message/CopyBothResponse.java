package io.tracegate.protocol.message;

import io.netty.buffer.ByteBuf;
import io.tracegate.protocol.codec.PgBuffers;
import java.util.Arrays;

/** Start of streaming replication's two-way COPY. Overall format 0 is text (rows of text columns), 1 binary. */
public record CopyBothResponse(byte format, short[] columnFormats) implements BackendMessage {

    public CopyBothResponse {
        columnFormats = columnFormats.clone();
    }

    @Override
    public short[] columnFormats() {
        return columnFormats.clone();
    }

    public static CopyBothResponse decode(ByteBuf body) {
        byte format = body.readByte();
        short[] columns = new short[body.readUnsignedShort()];
        for (int i = 0; i < columns.length; i++) {
            columns[i] = body.readShort();
        }
        return new CopyBothResponse(format, columns);
    }

    @Override
    public void encode(ByteBuf out) {
        int lengthIndex = PgBuffers.beginMessage(out, 'W');
        out.writeByte(format).writeShort(columnFormats.length);
        for (short columnFormat : columnFormats) {
            out.writeShort(columnFormat);
        }
        PgBuffers.endMessage(out, lengthIndex);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CopyBothResponse other && other.format == format && Arrays.equals(other.columnFormats, columnFormats);
    }

    @Override
    public int hashCode() {
        return format * 31 + Arrays.hashCode(columnFormats);
    }

    @Override
    public String toString() {
        return "CopyBothResponse[format=" + format + ", columns=" + columnFormats.length + "]";
    }
}
