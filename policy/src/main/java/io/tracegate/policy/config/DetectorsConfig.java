package io.tracegate.policy.config;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which detectors run ({@code detectors}). {@code builtin: all} (the default when the section is
 * absent) is expanded here to every name in {@link #BUILTIN_NAMES}; an empty list turns the builtin
 * detectors off.
 */
public record DetectorsConfig(Set<String> builtin, List<CustomDetectorConfig> custom) {
    /** Every builtin detector, in the order the documentation lists them. */
    public static final Set<String> BUILTIN_NAMES = Collections.unmodifiableSet(new LinkedHashSet<>(List.of(
            "credit_card", "email", "phone", "us_ssn", "iban", "ipv4", "ipv6", "aws_access_key",
            "github_token", "jwt", "private_key", "password_in_url", "generic_secret", "url", "shell_command")));

    public static final DetectorsConfig ALL_BUILTIN = new DetectorsConfig(BUILTIN_NAMES, List.of());

    public DetectorsConfig {
        builtin = Copies.orderedSet(builtin);
        custom = List.copyOf(custom);
    }

    /** Every finding type that can occur: enabled builtin names, then custom names. */
    public Set<String> enabledTypes() {
        Set<String> types = new LinkedHashSet<>(builtin);
        for (CustomDetectorConfig detector : custom) {
            types.add(detector.name());
        }
        return Collections.unmodifiableSet(types);
    }
}
