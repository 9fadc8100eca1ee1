package io.tracegate.protocol.message;

import io.netty.buffer.ByteBuf;
import io.tracegate.protocol.codec.PgBuffers;

/**
 * The body CopyInResponse, CopyOutResponse and CopyBothResponse share: an overall format byte,
 * then a count and one format code per column.
 */
final class CopyFormats {

    private CopyFormats() {
    }

    static short[] readColumnFormats(ByteBuf body) {
        short[] columns = new short[body.readUnsignedShort()];
        for (int i = 0; i < columns.length; i++) {
            columns[i] = body.readShort();
        }
        return columns;
    }

    static void encode(ByteBuf out, char type, byte format, short[] columnFormats) {
        int lengthIndex = PgBuffers.beginMessage(out, type);
        out.writeByte(format).writeShort(columnFormats.length);
        for (short columnFormat : columnFormats) {
            out.writeShort(columnFormat);
        }
        PgBuffers.endMessage(out, lengthIndex);
    }
}
