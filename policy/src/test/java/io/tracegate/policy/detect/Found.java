package io.tracegate.policy.detect;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Test helper: what one built-in detector finds, as the original substrings. */
final class Found {
    private Found() {
    }

    static List<String> by(String type, String text) {
        DetectorSet set = DetectorSet.of(Set.of(type), Map.of());
        return set.scan(text).stream()
                .map(f -> text.substring(f.start(), f.end()))
                .collect(Collectors.toList());
    }
}
