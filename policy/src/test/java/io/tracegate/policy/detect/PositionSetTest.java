package io.tracegate.policy.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.BitSet;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PositionSetTest {

    @Test
    void rangesAcrossWordBoundaries() {
        PositionSet set = new PositionSet(300);
        set.add(60, 70);
        assertThat(set.any(0, 60)).isFalse();
        assertThat(set.any(59, 61)).isTrue();
        assertThat(set.any(69, 70)).isTrue();
        assertThat(set.any(70, 300)).isFalse();
        set.add(100, 260);
        assertThat(set.any(70, 100)).isFalse();
        assertThat(set.any(200, 201)).isTrue();
        assertThat(set.any(259, 300)).isTrue();
        assertThat(set.any(260, 300)).isFalse();
    }

    @Test
    void emptyRangesHoldNothing() {
        PositionSet set = new PositionSet(64);
        set.add(10, 10);
        assertThat(set.any(0, 64)).isFalse();
        set.add(0, 64);
        assertThat(set.any(5, 5)).isFalse();
        assertThat(set.any(63, 64)).isTrue();
    }

    @Test
    void agreesWithBitSetOnRandomRanges() {
        Random random = new Random(7);
        for (int round = 0; round < 200; round++) {
            int length = 1 + random.nextInt(400);
            PositionSet set = new PositionSet(length);
            BitSet reference = new BitSet(length);
            for (int op = 0; op < 30; op++) {
                int start = random.nextInt(length + 1);
                int end = start + random.nextInt(length - start + 1);
                if (random.nextBoolean()) {
                    set.add(start, end);
                    reference.set(start, end);
                } else {
                    int next = reference.nextSetBit(start);
                    assertThat(set.any(start, end)).as("[%d, %d) of %d", start, end, length)
                            .isEqualTo(next >= 0 && next < end);
                }
            }
        }
    }
}
