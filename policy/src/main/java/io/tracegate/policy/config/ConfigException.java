package io.tracegate.policy.config;

import java.util.List;
import java.util.stream.Collectors;

/** A policy file that cannot be used; carries every problem found, not only the first. */
public final class ConfigException extends Exception {
    private final transient List<ConfigError> errors;

    public ConfigException(List<ConfigError> errors) {
        super(errors.stream().map(ConfigError::toString).collect(Collectors.joining("\n")));
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one error");
        }
        this.errors = List.copyOf(errors);
    }

    /** Every problem, ordered by line. */
    public List<ConfigError> errors() {
        return errors;
    }
}
