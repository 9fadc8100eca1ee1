package io.tracegate.policy.sql;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A bounded least-recently-used map from statement shape to its analysis. Lookups are short and
 * rare enough (one per statement that writes a protected table) that one lock is cheaper than a
 * concurrent structure would be.
 */
final class ShapeCache {
    private final Map<String, FlowPlan> entries;
    private long hits;
    private long misses;

    ShapeCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.entries = new LinkedHashMap<>(Math.min(capacity, 1024), 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, FlowPlan> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized FlowPlan get(String shape) {
        FlowPlan plan = entries.get(shape);
        if (plan == null) {
            misses++;
        } else {
            hits++;
        }
        return plan;
    }

    synchronized void put(String shape, FlowPlan plan) {
        entries.put(shape, plan);
    }

    synchronized void clear() {
        entries.clear();
    }

    synchronized long hits() {
        return hits;
    }

    synchronized long misses() {
        return misses;
    }

    synchronized int size() {
        return entries.size();
    }
}
