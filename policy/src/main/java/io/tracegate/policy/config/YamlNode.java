package io.tracegate.policy.config;

import java.util.List;
import java.util.Optional;

/**
 * The policy file as a tree that remembers where each node starts. Jackson's own tree drops
 * locations, and every error must name its line, so {@link YamlTree} builds this one instead.
 * Scalars keep their source text: YAML 1.1 typing ({@code off} as false, {@code 010} as octal)
 * must not change what a key means.
 */
sealed interface YamlNode {
    int line();

    /** A scalar exactly as written, before placeholder resolution. */
    record Scalar(String text, int line) implements YamlNode {
    }

    /** {@code ~}, {@code null} or nothing after the colon. */
    record Null(int line) implements YamlNode {
    }

    record Sequence(List<YamlNode> items, int line) implements YamlNode {
        public Sequence {
            items = List.copyOf(items);
        }
    }

    record Mapping(List<Entry> entries, int line) implements YamlNode {
        public Mapping {
            entries = List.copyOf(entries);
        }

        Optional<Entry> get(String key) {
            for (Entry entry : entries) {
                if (entry.key().equals(key)) {
                    return Optional.of(entry);
                }
            }
            return Optional.empty();
        }
    }

    /** One key of a mapping, with the line of the key itself. */
    record Entry(String key, int line, YamlNode value) {
    }

    /** What a node is, for messages such as "expected a list, found a mapping". */
    static String describe(YamlNode node) {
        if (node instanceof Scalar) {
            return "a single value";
        } else if (node instanceof Sequence) {
            return "a list";
        } else if (node instanceof Mapping) {
            return "a mapping";
        }
        return "nothing";
    }
}
