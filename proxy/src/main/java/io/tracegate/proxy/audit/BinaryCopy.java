package io.tracegate.proxy.audit;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The framing of PostgreSQL's binary COPY format (the COPY reference page, "Binary Format"):
 * a signature, then per row a field count and each field as a length and its bytes in the
 * type's binary form, then a trailer. Only the types the audit table uses.
 */
final class BinaryCopy {

    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0};
    /** 2000-01-01T00:00:00Z, PostgreSQL's timestamp epoch, in Unix seconds. */
    private static final long POSTGRES_EPOCH_SECONDS = 946_684_800L;

    private BinaryCopy() {
    }

    /** The signature, no flags (no OIDs), no header extension. */
    static void writeHeader(ByteBuf out) {
        out.writeBytes(SIGNATURE).writeInt(0).writeInt(0);
    }

    static void startRow(ByteBuf out, int fields) {
        out.writeShort(fields);
    }

    static void writeBigint(ByteBuf out, long value) {
        out.writeInt(Long.BYTES).writeLong(value);
    }

    /** Microseconds since PostgreSQL's epoch; finer parts of {@code time} are dropped. */
    static void writeTimestamptz(ByteBuf out, Instant time) {
        long micros = Math.addExact(Math.multiplyExact(time.getEpochSecond() - POSTGRES_EPOCH_SECONDS, 1_000_000L),
                time.getNano() / 1_000);
        out.writeInt(Long.BYTES).writeLong(micros);
    }

    /** A text (or char) field of ASCII characters. */
    static void writeAscii(ByteBuf out, String value) {
        out.writeInt(value.length()).writeCharSequence(value, StandardCharsets.US_ASCII);
    }

    /** Reserves a field's length, for a field whose bytes are written next; returns where it is. */
    static int startField(ByteBuf out) {
        int at = out.writerIndex();
        out.writeInt(0);
        return at;
    }

    /** Fills in the length of the field started at {@code at}: all bytes written since. */
    static void endField(ByteBuf out, int at) {
        out.setInt(at, out.writerIndex() - at - Integer.BYTES);
    }

    static void writeTrailer(ByteBuf out) {
        out.writeShort(-1);
    }
}
