package io.tracegate.protocol.message;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;

/** The server is ready to receive COPY FROM STDIN data. Overall format 0 is text (rows of text columns), 1 binary. */
public record CopyInResponse(byte format, short[] columnFormats) implements BackendMessage {

    public CopyInResponse {
        columnFormats = columnFormats.clone();
    }

    @Override
    public short[] columnFormats() {
        return columnFormats.clone();
    }

    public static CopyInResponse decode(ByteBuf body) {
        byte format = body.readByte();
        return new CopyInResponse(format, CopyFormats.readColumnFormats(body));
    }

    @Override
    public void encode(ByteBuf out) {
        CopyFormats.encode(out, 'G', format, columnFormats);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CopyInResponse other && other.format == format && Arrays.equals(other.columnFormats, columnFormats);
    }

    @Override
    public int hashCode() {
        return format * 31 + Arrays.hashCode(columnFormats);
    }

    @Override
    public String toString() {
        return "CopyInResponse[format=" + format + ", columns=" + columnFormats.length + "]";
    }
}
