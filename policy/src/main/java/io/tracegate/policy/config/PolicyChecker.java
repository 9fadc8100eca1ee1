package io.tracegate.policy.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Validation without loading, for {@code tracegate check-policy FILE}: every problem the loader
 * would refuse the file for, each with key and line. An empty list means the file loads.
 */
public final class PolicyChecker {
    private PolicyChecker() {
    }

    /** Checks a file with placeholders resolved from the process environment, as {@code serve} would. */
    public static List<ConfigError> check(Path file) {
        return check(file, name -> Optional.ofNullable(System.getenv(name)));
    }

    /** Checks a file with placeholders resolved from {@code environment}. */
    public static List<ConfigError> check(Path file, Function<String, Optional<String>> environment) {
        try {
            return check(ConfigLoader.read(file), file.toString(), environment);
        } catch (ConfigException e) {
            return e.errors();
        }
    }

    /** Checks policy text. */
    public static List<ConfigError> check(String yaml, String sourceName, Function<String, Optional<String>> environment) {
        return ConfigLoader.errors(yaml, sourceName, environment);
    }
}
