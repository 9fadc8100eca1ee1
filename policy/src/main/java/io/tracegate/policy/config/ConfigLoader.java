package io.tracegate.policy.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Loads a policy file. The result is complete and checked: every key is known, every value
 * parsed, every cross reference resolved, and no rule is unreachable. Otherwise a
 * {@link ConfigException} lists every problem with its key and line, so the gateway never starts
 * half-configured.
 *
 * <p>Scalars may use <code>${env:NAME}</code> and <code>${env:NAME:-default}</code>; durations are
 * written {@code 250ms}, {@code 5s}, {@code 10m}, {@code 1h}; sizes {@code 512KB}, {@code 64MB},
 * {@code 1GiB} (binary units either way). Relative paths stay relative to the working directory.
 */
public final class ConfigLoader {
    private ConfigLoader() {
    }

    /** Loads a file, resolving placeholders from the process environment. */
    public static TracegateConfig load(Path file) throws ConfigException {
        return parse(read(file), file.toString(), name -> Optional.ofNullable(System.getenv(name)));
    }

    /**
     * Parses policy text.
     *
     * @param sourceName  file name used in error messages
     * @param environment variable lookup for placeholders
     */
    public static TracegateConfig parse(String yaml, String sourceName, Function<String, Optional<String>> environment)
            throws ConfigException {
        ReadContext context = new ReadContext(sourceName, environment);
        Optional<TracegateConfig> config = bind(yaml, context);
        List<ConfigError> errors = context.errors();
        if (!errors.isEmpty() || config.isEmpty()) {
            throw new ConfigException(errors);
        }
        return config.get();
    }

    /** Every problem in the text; empty when it loads. */
    static List<ConfigError> errors(String yaml, String sourceName, Function<String, Optional<String>> environment) {
        ReadContext context = new ReadContext(sourceName, environment);
        bind(yaml, context);
        return context.errors();
    }

    private static Optional<TracegateConfig> bind(String yaml, ReadContext context) {
        return YamlTree.parse(yaml, context).map(root -> ConfigBinder.bind(root, context));
    }

    static String read(Path file) throws ConfigException {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(List.of(new ConfigError("", 0, "cannot read the file: " + e, file.toString())));
        }
    }
}
