package io.tracegate.protocol.message;

import io.netty.buffer.ByteBuf;
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
        return new CopyBothResponse(format, CopyFormats.readColumnFormats(body));
    }

    @Override
    public void encode(ByteBuf out) {
        CopyFormats.encode(out, 'W', format, columnFormats);
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
