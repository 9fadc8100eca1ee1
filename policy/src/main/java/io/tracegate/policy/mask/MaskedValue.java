package io.tracegate.policy.mask;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A value after masking.
 *
 * @param value         the rewritten value; the very same string as the input when nothing
 *                      was masked
 * @param changed       whether any finding was rewritten
 * @param findingCounts findings per type, signals ({@code url}, {@code shell_command})
 *                      included, so rules can match on them
 */
public record MaskedValue(String value, boolean changed, Map<String, Integer> findingCounts) {
    public MaskedValue {
        Objects.requireNonNull(value, "value");
        findingCounts = findingCounts.isEmpty() ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(findingCounts));
    }

    /** True when any finding, masked or signal, of {@code type} was seen. */
    public boolean has(String type) {
        return findingCounts.containsKey(type);
    }

    /** Leaves the value out: an unchanged value may still hold a raw URL or command. */
    @Override
    public String toString() {
        return "MaskedValue[length=" + value.length() + ", changed=" + changed + ", findingCounts=" + findingCounts + "]";
    }
}
