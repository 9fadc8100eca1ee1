package io.tracegate.policy.detect;

/**
 * A set of character positions of one text, one bit each. Adding a range and asking whether
 * a range holds any member cost one word per 64 positions of that range, never a walk of
 * the whole set, so a scan that asks once per candidate stays linear.
 */
final class PositionSet {
    private final long[] words;

    PositionSet(int length) {
        words = new long[(length + 63) >>> 6];
    }

    /** Adds every position in {@code [start, end)}. */
    void add(int start, int end) {
        if (end <= start) {
            return;
        }
        int first = start >>> 6;
        int last = (end - 1) >>> 6;
        // Shifts take their distance mod 64: -1L << start keeps bits from start % 64 up,
        // -1L >>> -end keeps bits below end % 64 (all of them when end is a multiple of 64).
        long firstMask = -1L << start;
        long lastMask = -1L >>> -end;
        if (first == last) {
            words[first] |= firstMask & lastMask;
            return;
        }
        words[first] |= firstMask;
        for (int w = first + 1; w < last; w++) {
            words[w] = -1L;
        }
        words[last] |= lastMask;
    }

    /** True when any position in {@code [start, end)} is a member. */
    boolean any(int start, int end) {
        if (end <= start) {
            return false;
        }
        int first = start >>> 6;
        int last = (end - 1) >>> 6;
        long firstMask = -1L << start;
        long lastMask = -1L >>> -end;
        if (first == last) {
            return (words[first] & firstMask & lastMask) != 0;
        }
        if ((words[first] & firstMask) != 0 || (words[last] & lastMask) != 0) {
            return true;
        }
        for (int w = first + 1; w < last; w++) {
            if (words[w] != 0) {
                return true;
            }
        }
        return false;
    }
}
