package io.tracegate.policy.detect;

import java.util.Arrays;

/**
 * Collects the ranges a detector finds in several passes and emits them sorted and
 * non-overlapping (on overlap the earlier start wins, then the longer range).
 */
final class Ranges {
    private long[] packed;
    private int size;

    void add(int start, int end) {
        if (packed == null) {
            packed = new long[8];
        } else if (size == packed.length) {
            packed = Arrays.copyOf(packed, size * 2);
        }
        // start in the high bits sorts by start; ~length in the low bits puts longer first.
        packed[size++] = ((long) start << 32) | (0xFFFFFFFFL & ~(end - start));
    }

    boolean isEmpty() {
        return size == 0;
    }

    void emit(FindingSink sink) {
        if (size == 0) {
            return;
        }
        Arrays.sort(packed, 0, size);
        int lastEnd = -1;
        for (int i = 0; i < size; i++) {
            int start = (int) (packed[i] >>> 32);
            int end = start + ~((int) packed[i]);
            if (start >= lastEnd) {
                sink.found(start, end);
                lastEnd = end;
            }
        }
    }
}
