package io.tracegate.policy.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Typed access to one mapping of the policy file. Every getter resolves placeholders, records the
 * key's line, reports a bad value as an error (returning the default so reading can go on and find
 * further errors) and remembers the key as known; {@link #finish()} then reports every key nobody
 * asked for, so a typo never passes silently.
 */
final class MapReader {
    /** A resolved scalar and where it came from. */
    record Value(String text, String key, int line) {
    }

    /** One list item, not yet interpreted. */
    record Element(YamlNode node, String key, int line) {
    }

    private final ReadContext context;
    private final String path;
    private final YamlNode.Mapping mapping;
    private final boolean present;
    private final Set<String> known = new LinkedHashSet<>();
    private final Set<String> failed = new HashSet<>();

    private MapReader(ReadContext context, String path, YamlNode.Mapping mapping, boolean present) {
        this.context = context;
        this.path = path;
        this.mapping = mapping;
        this.present = present;
        context.noteLine(path, mapping.line());
    }

    /** A reader over {@code node}; a null node reads as an empty mapping, any other non-mapping is an error. */
    static MapReader of(ReadContext context, String path, YamlNode node) {
        if (node instanceof YamlNode.Mapping) {
            return new MapReader(context, path, (YamlNode.Mapping) node, true);
        }
        if (!(node instanceof YamlNode.Null)) {
            context.error(path, node.line(), "expected a mapping (key: value lines), found " + YamlNode.describe(node));
        }
        return new MapReader(context, path, new YamlNode.Mapping(List.of(), node.line()), false);
    }

    /**
     * A reader over a list entry that must be a mapping, such as one identity or one rule; any
     * other entry is reported once and skipped, so that its keys are not also reported missing.
     */
    static Optional<MapReader> ofEntry(ReadContext context, Element element) {
        if (element.node() instanceof YamlNode.Mapping) {
            return Optional.of(of(context, element.key(), element.node()));
        }
        context.error(element.key(), element.line(), "expected a mapping (key: value lines), found "
                + YamlNode.describe(element.node()));
        return Optional.empty();
    }

    ReadContext context() {
        return context;
    }

    String key(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    /** Whether the file wrote this mapping (possibly empty) rather than leaving it out. */
    boolean present() {
        return present;
    }

    int line() {
        return mapping.line();
    }

    /** Whether the key's value was reported as bad; checks that depend on it stay quiet to avoid a second, derived error. */
    boolean failed(String name) {
        return failed.contains(name);
    }

    /** Whether the key is written, even with no value after the colon. */
    boolean contains(String name) {
        return mapping.get(name).isPresent();
    }

    /** Whether the key is written with a value. */
    boolean has(String name) {
        return mapping.get(name).filter(e -> !(e.value() instanceof YamlNode.Null)).isPresent();
    }

    private Optional<YamlNode.Entry> entry(String name) {
        known.add(name);
        Optional<YamlNode.Entry> entry = mapping.get(name);
        entry.ifPresent(e -> context.noteLine(key(name), e.line()));
        return entry;
    }

    /** The scalar under {@code name} with placeholders resolved; empty when absent, null or resolved to "". */
    Optional<Value> value(String name) {
        Optional<YamlNode.Entry> entry = entry(name);
        if (entry.isEmpty()) {
            return Optional.empty();
        }
        Optional<Value> value = scalar(entry.get().value(), key(name));
        if (value.isEmpty() && !(entry.get().value() instanceof YamlNode.Null)) {
            failed.add(name);
        }
        return value.filter(v -> !v.text().isEmpty());
    }

    /** A scalar node as a resolved value; errors (not a scalar, bad placeholder) are reported. */
    Optional<Value> scalar(YamlNode node, String key) {
        if (node instanceof YamlNode.Null) {
            return Optional.empty();
        }
        if (!(node instanceof YamlNode.Scalar)) {
            context.error(key, node.line(), "expected a single value, found " + YamlNode.describe(node));
            return Optional.empty();
        }
        try {
            String text = Placeholders.resolve(((YamlNode.Scalar) node).text(), context.environment());
            return Optional.of(new Value(text, key, node.line()));
        } catch (IllegalArgumentException e) {
            context.error(key, node.line(), e.getMessage());
            return Optional.empty();
        }
    }

    String string(String name, String fallback) {
        return value(name).map(Value::text).orElse(fallback);
    }

    Optional<String> optionalString(String name) {
        return value(name).map(Value::text);
    }

    String requiredString(String name) {
        Optional<Value> value = value(name);
        if (value.isEmpty() && !failed.contains(name)) {
            if (has(name)) {
                context.errorAt(key(name), "must not be empty");
            } else {
                context.error(key(name), context.lineOf(path), "missing; this key is required");
            }
        }
        return value.map(Value::text).orElse("");
    }

    int integer(String name, int fallback, int min, int max) {
        Optional<Value> value = value(name);
        if (value.isEmpty()) {
            return fallback;
        }
        try {
            int number = Integer.parseInt(value.get().text().strip());
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below with the range, which says more than "not a number"
        }
        error(value.get(), "'" + value.get().text() + "' is not a whole number from " + min + " to " + max);
        return fallback;
    }

    /** A TCP port; 0 ("any free port") only where {@code zeroAllowed}. */
    int port(String name, int fallback, boolean zeroAllowed) {
        return integer(name, fallback, zeroAllowed ? 0 : 1, 65535);
    }

    boolean bool(String name, boolean fallback) {
        Optional<Value> value = value(name);
        if (value.isEmpty()) {
            return fallback;
        }
        switch (value.get().text().strip()) {
            case "true":
                return true;
            case "false":
                return false;
            default:
                error(value.get(), "'" + value.get().text() + "' is not true or false");
                return fallback;
        }
    }

    /** A duration above zero. */
    Optional<Duration> optionalDuration(String name) {
        Optional<Value> value = value(name);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        try {
            Duration duration = Units.duration(value.get().text());
            if (!duration.isZero()) {
                return Optional.of(duration);
            }
            error(value.get(), "must be longer than zero");
        } catch (IllegalArgumentException e) {
            error(value.get(), e.getMessage());
        }
        return Optional.empty();
    }

    Duration duration(String name, Duration fallback) {
        return optionalDuration(name).orElse(fallback);
    }

    /** A duration of zero or more, for settings where zero means "every time". */
    Duration durationOrZero(String name, Duration fallback) {
        Optional<Value> value = value(name);
        if (value.isEmpty()) {
            return fallback;
        }
        String text = value.get().text().strip();
        try {
            return text.equals("0") ? Duration.ZERO : Units.duration(text);
        } catch (IllegalArgumentException e) {
            error(value.get(), e.getMessage());
            return fallback;
        }
    }

    /** A size in bytes within [min, max]; the message names both bounds in the units people write. */
    long size(String name, long fallback, long min, long max) {
        Optional<Value> value = value(name);
        if (value.isEmpty()) {
            return fallback;
        }
        try {
            long bytes = Units.size(value.get().text());
            if (bytes < min) {
                error(value.get(), "'" + value.get().text() + "' is less than the smallest allowed, " + Units.describeSize(min));
            } else if (bytes > max) {
                error(value.get(), "'" + value.get().text() + "' is more than the largest allowed, " + Units.describeSize(max));
            } else {
                return bytes;
            }
        } catch (IllegalArgumentException e) {
            error(value.get(), e.getMessage());
        }
        return fallback;
    }

    /** One of a closed set of spellings, e.g. an enum's policy names. */
    <E> E choice(String name, E fallback, Map<String, E> spellings) {
        Optional<Value> value = value(name);
        if (value.isEmpty()) {
            return fallback;
        }
        return choiceOf(value.get(), spellings).orElse(fallback);
    }

    /** Interprets one value as a choice, reporting an unknown spelling. */
    <E> Optional<E> choiceOf(Value value, Map<String, E> spellings) {
        E chosen = spellings.get(value.text().strip());
        if (chosen == null) {
            error(value, "unknown value '" + value.text() + "'; expected one of: " + String.join(", ", spellings.keySet())
                    + Suggestions.hint(value.text().strip(), spellings.keySet()));
        }
        return Optional.ofNullable(chosen);
    }

    /** Policy-file spellings of enum constants, in declaration order. */
    static <E extends Enum<E>> Map<String, E> spellings(E[] values, Function<E, String> spelling) {
        Map<String, E> map = new LinkedHashMap<>();
        for (E value : values) {
            map.put(spelling.apply(value), value);
        }
        return map;
    }

    Optional<Path> optionalPath(String name) {
        return value(name).map(v -> Path.of(v.text()));
    }

    Path path(String name, Path fallback) {
        return optionalPath(name).orElse(fallback);
    }

    /** The mapping under {@code name}; an empty one (present() false) when absent. */
    MapReader mapping(String name) {
        Optional<YamlNode.Entry> entry = entry(name);
        YamlNode node = entry.map(YamlNode.Entry::value).orElseGet(() -> new YamlNode.Null(line()));
        return of(context, key(name), node);
    }

    /** The items of the list under {@code name}; a single value reads as a list of one. */
    List<Element> sequence(String name) {
        Optional<YamlNode.Entry> entry = entry(name);
        if (entry.isEmpty() || entry.get().value() instanceof YamlNode.Null) {
            return List.of();
        }
        YamlNode node = entry.get().value();
        if (node instanceof YamlNode.Mapping) {
            context.error(key(name), entry.get().line(), "expected a list, found a mapping");
            return List.of();
        }
        List<YamlNode> items = node instanceof YamlNode.Sequence ? ((YamlNode.Sequence) node).items() : List.of(node);
        List<Element> elements = new ArrayList<>(items.size());
        for (YamlNode item : items) {
            String itemKey = key(name) + "[" + elements.size() + "]";
            context.noteLine(itemKey, item.line());
            elements.add(new Element(item, itemKey, item.line()));
        }
        return elements;
    }

    /** A list of non-empty single values. */
    List<Value> strings(String name) {
        List<Value> values = new ArrayList<>();
        for (Element element : sequence(name)) {
            Optional<Value> value = scalar(element.node(), element.key());
            if (value.isPresent() && value.get().text().isEmpty()) {
                context.error(element.key(), element.line(), "empty entry");
            } else {
                value.ifPresent(values::add);
            }
        }
        return values;
    }

    /** Every entry of an open mapping (names chosen by the user, such as column names), all marked known. */
    List<YamlNode.Entry> entries() {
        for (YamlNode.Entry entry : mapping.entries()) {
            known.add(entry.key());
            context.noteLine(key(entry.key()), entry.line());
        }
        return mapping.entries();
    }

    void error(Value value, String message) {
        context.error(value.key(), value.line(), message);
    }

    /** Reports every key of this mapping that no getter asked for. */
    void finish() {
        for (YamlNode.Entry entry : mapping.entries()) {
            if (!known.contains(entry.key())) {
                context.error(key(entry.key()), entry.line(), "unknown key" + Suggestions.hint(entry.key(), known)
                        + "; allowed here: " + String.join(", ", known));
            }
        }
    }
}
