package io.tracegate.policy.detect;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Scans of pure ASCII text held as bytes, eight characters per step: each byte of a long
 * gets its high bit set when it is in a range, by two additions that cannot carry between
 * bytes below 0x80. Most of a trace is letters and spaces, so finding the next digit skips
 * whole words at a time, and lower-casing needs no branch at all.
 */
final class AsciiWords {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long HIGH_BITS = 0x8080808080808080L;
    /** Added to a byte, sets its high bit when the byte is at least '0' (0x80 - 0x30). */
    private static final long FROM_ZERO = 0x5050505050505050L;
    /** Added to a byte, sets its high bit when the byte is above '9' (0x80 - 0x3A). */
    private static final long PAST_NINE = 0x4646464646464646L;
    /** Likewise for 'A' (0x80 - 0x41) and past 'Z' (0x80 - 0x5B). */
    private static final long FROM_A = 0x3F3F3F3F3F3F3F3FL;
    private static final long PAST_Z = 0x2525252525252525L;

    private AsciiWords() {
    }

    /** The characters of {@code ascii}, a string of ASCII characters only, one byte each. */
    static byte[] bytes(String ascii) {
        return ascii.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Index of the first ASCII digit at or after {@code from}, or {@code b.length}. */
    static int nextDigit(byte[] b, int from) {
        int n = b.length;
        int i = from;
        for (; i + 8 <= n; i += 8) {
            long x = (long) LONGS.get(b, i);
            long digits = (x + FROM_ZERO) & ~(x + PAST_NINE) & HIGH_BITS;
            if (digits != 0) {
                return i + (Long.numberOfTrailingZeros(digits) >>> 3);
            }
        }
        for (; i < n; i++) {
            if (digit(b[i])) {
                return i;
            }
        }
        return n;
    }

    static boolean digit(byte c) {
        return c >= '0' && c <= '9';
    }

    /** {@code ascii} with 'A' to 'Z' lower-cased: what {@code toLowerCase} gives for ASCII. */
    static String lower(byte[] ascii) {
        byte[] b = ascii.clone();
        int n = b.length;
        int i = 0;
        for (; i + 8 <= n; i += 8) {
            long x = (long) LONGS.get(b, i);
            long upper = (x + FROM_A) & ~(x + PAST_Z) & HIGH_BITS;
            LONGS.set(b, i, x | upper >>> 2); // 0x80 >>> 2 is 0x20, the case bit
        }
        for (; i < n; i++) {
            if (b[i] >= 'A' && b[i] <= 'Z') {
                b[i] += 32;
            }
        }
        return new String(b, StandardCharsets.ISO_8859_1);
    }
}
