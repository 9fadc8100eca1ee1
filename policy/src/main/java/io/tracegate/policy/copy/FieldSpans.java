package io.tracegate.policy.copy;

import java.util.Arrays;

/**
 * Where each raw field of one row lies in the buffer, and whether it is the NULL marker. One
 * instance is reused for every row of a COPY, so splitting a row allocates nothing.
 */
final class FieldSpans {
    private int[] bounds = new int[32];
    private boolean[] nulls = new boolean[16];
    private int count;

    void clear() {
        count = 0;
    }

    void add(int start, int end, boolean isNull) {
        if (count == nulls.length) {
            nulls = Arrays.copyOf(nulls, count * 2);
            bounds = Arrays.copyOf(bounds, count * 4);
        }
        bounds[2 * count] = start;
        bounds[2 * count + 1] = end;
        nulls[count] = isNull;
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

    /** Whether {@code data[start, end)} is exactly {@code marker}: PostgreSQL compares raw text. */
    static boolean rawEquals(CharSequence data, int start, int end, String marker) {
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
