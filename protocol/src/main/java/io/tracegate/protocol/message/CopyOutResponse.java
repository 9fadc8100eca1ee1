package io.tracegate.protocol.message;

import io.netty.buffer.ByteBuf;
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
        return new CopyOutResponse(format, CopyFormats.readColumnFormats(body));
    }

    @Override
    public void encode(ByteBuf out) {
        CopyFormats.encode(out, 'H', format, columnFormats);
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
