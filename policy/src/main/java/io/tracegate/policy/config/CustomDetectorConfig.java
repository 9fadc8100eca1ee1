package io.tracegate.policy.config;

import java.util.Objects;

/**
 * A detector defined in the file ({@code detectors.custom[]}).
 *
 * @param name    finding type, lower-case {@code [a-z][a-z0-9_]*}, never a builtin name
 * @param pattern an RE2 regular expression (linear time; no back-references or look-around),
 *                checked to compile and not to match the empty string
 */
public record CustomDetectorConfig(String name, String pattern) {
    public CustomDetectorConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(pattern, "pattern");
    }
}
