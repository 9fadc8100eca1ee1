package io.tracegate.policy.config;

import java.util.Objects;

/**
 * One problem in a policy file.
 *
 * @param key     dotted path of the offending key, e.g. {@code rules[1].when.statements[0]};
 *                empty for problems with the file as a whole
 * @param line    1-based line in the file; 0 when the problem has no line (file unreadable)
 * @param message what is wrong and, where it helps, what would be right
 * @param source  the file name used in messages
 */
public record ConfigError(String key, int line, String message, String source) {
    public ConfigError {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(source, "source");
    }

    public ConfigError(String key, int line, String message) {
        this(key, line, message, "<config>");
    }

    /** {@code file:line: key: message}, the form compilers use, so editors can jump to it. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(source);
        if (line > 0) {
            text.append(':').append(line);
        }
        text.append(": ");
        if (!key.isEmpty()) {
            text.append(key).append(": ");
        }
        return text.append(message).toString();
    }
}
