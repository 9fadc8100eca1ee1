package io.tracegate.policy.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * State shared by everything that reads one policy file: the environment for placeholders, the
 * errors found so far, and the line of every key read, so that checks running after binding
 * (which see only records) can still point at the line a value came from.
 */
final class ReadContext {
    private final String source;
    private final Function<String, Optional<String>> environment;
    private final List<ConfigError> errors = new ArrayList<>();
    private final Map<String, Integer> lines = new HashMap<>();
    private final Map<String, Map<String, String>> elementKeys = new HashMap<>();

    ReadContext(String source, Function<String, Optional<String>> environment) {
        this.source = source;
        this.environment = environment;
    }

    Function<String, Optional<String>> environment() {
        return environment;
    }

    void error(String key, int line, String message) {
        errors.add(new ConfigError(key, line, message, source));
    }

    /** An error at the line the key (or its nearest recorded parent) came from. */
    void errorAt(String key, String message) {
        error(key, lineOf(key), message);
    }

    int errorCount() {
        return errors.size();
    }

    /** Every error, ordered by line; errors on one line keep the order they were found in. */
    List<ConfigError> errors() {
        List<ConfigError> sorted = new ArrayList<>(errors);
        sorted.sort(Comparator.comparingInt(ConfigError::line));
        return sorted;
    }

    void noteLine(String key, int line) {
        lines.putIfAbsent(key, line);
    }

    /** The line of {@code key}, else of its nearest parent that was read; 1 when nothing matches. */
    int lineOf(String key) {
        String current = key;
        while (!current.isEmpty()) {
            Integer line = lines.get(current);
            if (line != null) {
                return line;
            }
            current = parentOf(current);
        }
        return lines.getOrDefault("", 1);
    }

    /** Remembers that {@code value} (as normalised) was read from the list element {@code elementKey}. */
    void noteElement(String listKey, String value, String elementKey) {
        elementKeys.computeIfAbsent(listKey, k -> new HashMap<>()).putIfAbsent(value, elementKey);
    }

    /** The key of the list element that gave {@code value}, or the list's own key. */
    String elementKey(String listKey, String value) {
        return elementKeys.getOrDefault(listKey, Map.of()).getOrDefault(value, listKey);
    }

    static String parentOf(String key) {
        int cut = Math.max(key.lastIndexOf('.'), key.lastIndexOf('['));
        return cut < 0 ? "" : key.substring(0, cut);
    }
}
