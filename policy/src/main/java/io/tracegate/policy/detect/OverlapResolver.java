package io.tracegate.policy.detect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Resolves the masked candidates of one scan into non-overlapping findings, one specificity
 * group at a time (see {@link DetectorSet}): within a group the longer, then the earlier
 * candidate wins (then the earlier reported); a candidate inside a mask token or over a
 * position an earlier winner took is dropped, and each winner claims its positions in the
 * {@link ScanText} so later detectors can skip what would lose anyway.
 *
 * <p>Candidates live in int arrays, not objects, made when the first arrives. A group fed by a single detector needs no
 * sort at all: a detector reports non-overlapping ranges, so none of them can take a position
 * another one needs and the order they are tried in changes nothing. One instance per scan.
 */
final class OverlapResolver implements FindingSink {
    private static final int INITIAL = 16;

    private final ScanText text;
    private MaskTokenSpans tokens;

    private int[] starts;
    private int[] ends;
    private Detector[] reporters;
    private int size;
    private Detector current;
    private boolean mixed;

    private int[] wonStarts;
    private int[] wonEnds;
    private Detector[] winners;
    private int won;

    OverlapResolver(ScanText text) {
        this.text = text;
    }

    /** Starts a specificity group. */
    void startGroup() {
        size = 0;
        mixed = false;
    }

    /** The detector whose candidates {@link #found} receives next. */
    void reportingFor(Detector detector) {
        current = detector;
    }

    @Override
    public void found(int start, int end) {
        if (starts == null) {
            starts = new int[INITIAL];
            ends = new int[INITIAL];
            reporters = new Detector[INITIAL];
        } else if (size == starts.length) {
            starts = Arrays.copyOf(starts, size * 2);
            ends = Arrays.copyOf(ends, size * 2);
            reporters = Arrays.copyOf(reporters, size * 2);
        }
        if (size > 0 && reporters[size - 1] != current) {
            mixed = true;
        }
        starts[size] = start;
        ends[size] = end;
        reporters[size++] = current;
    }

    /** Accepts the group's winners. */
    void endGroup() {
        if (size == 0) {
            return;
        }
        if (tokens == null) {
            tokens = new MaskTokenSpans();
            MaskTokens.scan(text.text(), tokens);
        }
        if (!mixed) {
            for (int i = 0; i < size; i++) {
                offer(i);
            }
            return;
        }
        Integer[] order = new Integer[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        // Longer first, then earlier; the sort is stable, so ties keep the reported order.
        Arrays.sort(order, Comparator.<Integer>comparingInt(i -> starts[i] - ends[i]).thenComparingInt(i -> starts[i]));
        for (Integer i : order) {
            offer(i);
        }
    }

    private void offer(int i) {
        int start = starts[i];
        int end = ends[i];
        if (tokens.covers(start, end) || text.claimed(start, end)) {
            return;
        }
        text.claim(start, end);
        if (wonStarts == null) {
            wonStarts = new int[INITIAL];
            wonEnds = new int[INITIAL];
            winners = new Detector[INITIAL];
        } else if (won == wonStarts.length) {
            wonStarts = Arrays.copyOf(wonStarts, won * 2);
            wonEnds = Arrays.copyOf(wonEnds, won * 2);
            winners = Arrays.copyOf(winners, won * 2);
        }
        wonStarts[won] = start;
        wonEnds[won] = end;
        winners[won++] = reporters[i];
    }

    /** The winners sorted by start, at offsets of the original text. */
    List<Finding> findings() {
        if (won == 0) {
            return List.of();
        }
        // Winners never overlap, so their starts differ: sort (start, index) pairs packed in longs.
        long[] order = new long[won];
        for (int i = 0; i < won; i++) {
            order[i] = (long) wonStarts[i] << 32 | i;
        }
        Arrays.sort(order);
        List<Finding> findings = new ArrayList<>(won);
        for (long packed : order) {
            int i = (int) packed;
            findings.add(new Finding(winners[i].type(), text.originalStart(wonStarts[i]), text.originalEnd(wonEnds[i])));
        }
        return findings;
    }

    /** Ranges reported in increasing, non-overlapping order: the mask tokens of one text. */
    private static final class MaskTokenSpans implements FindingSink {
        private int[] tokenStarts = new int[0];
        private int[] tokenEnds = new int[0];
        private int count;

        @Override
        public void found(int start, int end) {
            if (count == tokenStarts.length) {
                tokenStarts = Arrays.copyOf(tokenStarts, Math.max(8, count * 2));
                tokenEnds = Arrays.copyOf(tokenEnds, tokenStarts.length);
            }
            tokenStarts[count] = start;
            tokenEnds[count++] = end;
        }

        /** True when the last token starting at or before {@code start} reaches {@code end}. */
        boolean covers(int start, int end) {
            if (count == 0) {
                return false;
            }
            int i = Arrays.binarySearch(tokenStarts, 0, count, start);
            if (i < 0) {
                i = -i - 2; // the token before the insertion point
            }
            return i >= 0 && end <= tokenEnds[i];
        }
    }
}
