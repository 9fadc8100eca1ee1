package io.tracegate.policy.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** Immutable copies that keep the order the policy file gave, so messages and listings follow the file. */
final class Copies {
    private Copies() {
    }

    static <T> Set<T> orderedSet(Set<T> source) {
        return Collections.unmodifiableSet(new LinkedHashSet<>(source));
    }

    static <K, V> Map<K, V> orderedMap(Map<K, V> source) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(source));
    }
}
