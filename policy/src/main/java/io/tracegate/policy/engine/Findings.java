package io.tracegate.policy.engine;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Adds up finding counts by type. */
public final class Findings {

    private Findings() {
    }

    public static Map<String, Integer> sum(List<Map<String, Integer>> counts) {
        Map<String, Integer> total = new TreeMap<>();
        for (Map<String, Integer> each : counts) {
            each.forEach((type, count) -> total.merge(type, count, Integer::sum));
        }
        return Map.copyOf(total);
    }
}
