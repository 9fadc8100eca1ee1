package io.tracegate.policy.copy;

import java.util.Arrays;

/**
 * Where each raw field of one row lies in the buffer, whether it is the NULL marker, and whether
 * it is plain (no escape or quote in it, so its raw text is its value). One instance is reused
 * for every row of a COPY, so splitting a row allocates nothing.
 */
final class FieldSpans {
    private int[] bounds = new int[32];
    private boolean[] nulls = new boolean[16];
    private boolean[] plain = new boolean[16];
    private int count;

    void clear() {
        count = 0;
    }

    void add(int start, int end, boolean isNull, boolean isPlain) {
        if (count == nulls.length) {
            nulls = Arrays.copyOf(nulls, count * 2);
            plain = Arrays.copyOf(plain, count * 2);
            bounds = Arrays.copyOf(bounds, count * 4);
        }
        bounds[2 * count] = start;
        bounds[2 * count + 1] = end;
        nulls[count] = isNull;
        plain[count] = isPlain;
        count++;
    }

    int count() {
        return count;
    }

    /** Offset of the field's first raw character. */
    int start(int field) {
        return bounds[2 * field];
    }

    /** Offset just after the field's last raw character (the delimiter or the end of the row). */
    int end(int field) {
        return bounds[2 * field + 1];
    }

    boolean isNull(int field) {
        return nulls[field];
    }

    /** The raw text is the value: no escape (text) or quote (CSV) in it. */
    boolean isPlain(int field) {
        return plain[field];
    }

    /** Whether {@code data[start, end)} is exactly {@code marker}: PostgreSQL compares raw text. */
    static boolean rawEquals(String data, int start, int end, String marker) {
        if (end - start != marker.length()) {
            return false;
        }
        for (int i = 0; i < marker.length(); i++) {
            if (data.charAt(start + i) != marker.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
