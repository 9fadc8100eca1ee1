package io.tracegate.protocol.message;

import io.netty.buffer.ByteBuf;
import io.tracegate.protocol.codec.PgBuffers;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * One result row; values are {@code null} for SQL NULL. The relay never builds these for rows it
 * only forwards (see {@code RelayChunk}); they exist for the session recorder and tests.
 */
public record DataRow(List<byte[]> values) implements BackendMessage {

    public DataRow {
        values = Collections.unmodifiableList(new ArrayList<>(values));
    }

    public static DataRow decode(ByteBuf body) {
        int count = body.readUnsignedShort();
        List<byte[]> values = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            values.add(PgBuffers.readLengthPrefixed(body));
        }
        return new DataRow(values);
    }

    @Override
    public void encode(ByteBuf out) {
        int lengthIndex = PgBuffers.beginMessage(out, 'D');
        out.writeShort(values.size());
        for (byte[] value : values) {
            PgBuffers.writeLengthPrefixed(out, value);
        }
        PgBuffers.endMessage(out, lengthIndex);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof DataRow other) || other.values.size() != values.size()) {
            return false;
        }
        for (int i = 0; i < values.size(); i++) {
            if (!Arrays.equals(other.values.get(i), values.get(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int hash = 1;
        for (byte[] value : values) {
            hash = hash * 31 + Arrays.hashCode(value);
        }
        return hash;
    }

    @Override
    public String toString() {
        return "DataRow[(" + values.size() + " values)]";
    }
}
