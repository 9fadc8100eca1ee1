package io.tracegate.policy.detect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one scan found, offsets into the original text.
 *
 * @param masked  findings to rewrite: sorted by start and never overlapping each other
 * @param signals findings of signal detectors ({@code url}, {@code shell_command}): sorted by
 *                start; they may overlap masked findings and each other, since they are only
 *                counted (a URL that holds a password is both a URL and a password)
 */
public record ScanResult(List<Finding> masked, List<Finding> signals) {
    public static final ScanResult EMPTY = new ScanResult(List.of(), List.of());

    public ScanResult {
        masked = List.copyOf(masked);
        signals = List.copyOf(signals);
    }

    /** Masked and signal findings together, sorted by start (then end). */
    public List<Finding> all() {
        if (signals.isEmpty()) {
            return masked;
        }
        if (masked.isEmpty()) {
            return signals;
        }
        List<Finding> all = new ArrayList<>(masked.size() + signals.size());
        all.addAll(masked);
        all.addAll(signals);
        all.sort(Comparator.comparingInt(Finding::start).thenComparingInt(Finding::end));
        return Collections.unmodifiableList(all);
    }

    /** Number of findings per type, masked and signal alike, sorted by type name. */
    public Map<String, Integer> counts() {
        if (masked.isEmpty() && signals.isEmpty()) {
            return Map.of();
        }
        // Types are few (one per detector) and findings many: count in a short list, then sort.
        String[] types = new String[8];
        int[] counts = new int[8];
        int distinct = 0;
        for (int pass = 0; pass < 2; pass++) {
            for (Finding f : pass == 0 ? masked : signals) {
                String type = f.type();
                int k = 0;
                while (k < distinct && !types[k].equals(type)) {
                    k++;
                }
                if (k == distinct) {
                    if (distinct == types.length) {
                        types = Arrays.copyOf(types, distinct * 2);
                        counts = Arrays.copyOf(counts, distinct * 2);
                    }
                    types[distinct++] = type;
                }
                counts[k]++;
            }
        }
        TreeMap<String, Integer> sorted = new TreeMap<>();
        for (int k = 0; k < distinct; k++) {
            sorted.put(types[k], counts[k]);
        }
        return Collections.unmodifiableSortedMap(sorted);
    }

    public boolean isEmpty() {
        return masked.isEmpty() && signals.isEmpty();
    }
}
