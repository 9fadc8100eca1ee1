package io.tracegate.policy.detect;

/**
 * Remembers, for one scan, whether a digit string passed the phone-number check, so a number
 * that a trace repeats is validated once. A small open-addressing table of packed keys; when
 * it fills up it stops remembering, which costs time and never changes a verdict.
 */
final class NumberVerdicts {
    private static final int CAPACITY = 64;
    /** Longest digit string that packs into a key: 10^17 * 64 stays below 2^63. */
    private static final int MAX_DIGITS = 17;

    private final long[] keys = new long[CAPACITY];
    private final boolean[] verdicts = new boolean[CAPACITY];
    private int size;

    /** 1 when {@code digits} passed, 0 when it failed, -1 when it was not checked yet. */
    int get(String digits, boolean international) {
        long key = key(digits, international);
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

    void put(String digits, boolean international, boolean verdict) {
        long key = key(digits, international);
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
     * The digits' value, length and the international flag packed into one non-zero number
     * (the length keeps leading zeros apart: "0049" is not "49"); 0 when they do not fit.
     */
    private static long key(String digits, boolean international) {
        int length = digits.length();
        if (length == 0 || length > MAX_DIGITS) {
            return 0;
        }
        long value = 0;
        for (int i = 0; i < length; i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                return 0;
            }
            value = value * 10 + (c - '0');
        }
        return (value << 6 | length << 1 | (international ? 1 : 0));
    }

    private static int slot(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h >>> 58) & (CAPACITY - 1);
    }
}
