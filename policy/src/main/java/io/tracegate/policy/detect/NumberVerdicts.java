package io.tracegate.policy.detect;

/**
 * Remembers, for one scan, whether a candidate's digits passed the phone-number check, so a
 * number that a trace repeats is validated once. The digits are those of the number proper
 * ({@link PhoneShape#mainDigits}), read in place from the candidate. A small open-addressing
 * table of packed keys; when it fills up it stops remembering, which costs time and never
 * changes a verdict.
 */
final class NumberVerdicts {
    private static final int CAPACITY = 64;
    /** Longest digit string that packs into a key: 10^17 * 64 stays below 2^63. */
    private static final int MAX_DIGITS = 17;

    private final long[] keys = new long[CAPACITY];
    private final boolean[] verdicts = new boolean[CAPACITY];
    private int size;

    /** 1 when the candidate's digits passed, 0 when they failed, -1 when not checked yet. */
    int get(String s, int start, int end, boolean international) {
        long key = key(s, start, end, international);
        if (key == 0) {
            return -1;
        }
        for (int slot = slot(key); keys[slot] != 0; slot = (slot + 1) & (CAPACITY - 1)) {
            if (keys[slot] == key) {
                return verdicts[slot] ? 1 : 0;
            }
        }
        return -1;
    }

    void put(String s, int start, int end, boolean international, boolean verdict) {
        long key = key(s, start, end, international);
        if (key == 0 || size >= CAPACITY / 2) {
            return;
        }
        int slot = slot(key);
        while (keys[slot] != 0 && keys[slot] != key) {
            slot = (slot + 1) & (CAPACITY - 1);
        }
        if (keys[slot] == 0) {
            size++;
        }
        keys[slot] = key;
        verdicts[slot] = verdict;
    }

    /**
     * The main digits' value, their count and the international flag packed into one
     * non-zero number (the count keeps leading zeros apart: "0049" is not "49"); 0 when they
     * do not fit.
     */
    private static long key(String s, int start, int end, boolean international) {
        long value = 0;
        int length = 0;
        for (int i = start; i < end; i++) {
            char c = s.charAt(i);
            if (Chars.digit(c)) {
                if (++length > MAX_DIGITS) {
                    return 0;
                }
                value = value * 10 + (c - '0');
            } else if (Chars.asciiLetter(c) || c == '#') {
                break; // an extension follows: not part of the number checked
            }
        }
        if (length == 0) {
            return 0;
        }
        return value << 6 | length << 1 | (international ? 1 : 0);
    }

    private static int slot(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h >>> 58) & (CAPACITY - 1);
    }
}
