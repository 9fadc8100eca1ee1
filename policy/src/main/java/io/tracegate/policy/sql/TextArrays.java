package io.tracegate.policy.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads a one-dimensional array constant in PostgreSQL's text form ({@code {auth,"api key",\,}}),
 * as {@code array_in} does for text elements: elements separated by commas, double-quoted or bare,
 * a backslash escaping the next character in either, whitespace around a bare element dropped,
 * a bare {@code NULL} (any case) read as null. Anything else, dimension decorations and nested
 * braces included, is not read: callers fail closed.
 */
final class TextArrays {
    private TextArrays() {
    }

    static Optional<List<String>> elements(String text) {
        String s = text.strip();
        if (s.length() < 2 || s.charAt(0) != '{' || s.charAt(s.length() - 1) != '}') {
            return Optional.empty();
        }
        List<String> elements = new ArrayList<>();
        int i = 1;
        int end = s.length() - 1;
        if (s.substring(1, end).isBlank()) {
            return Optional.of(elements);
        }
        while (true) {
            while (i < end && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            StringBuilder element = new StringBuilder();
            boolean quoted = i < end && s.charAt(i) == '"';
            int trailingSpace = 0;
            if (quoted) {
                i++;
                while (i < end && s.charAt(i) != '"') {
                    if (s.charAt(i) == '\\') {
                        i++;
                    }
                    if (i >= end) {
                        return Optional.empty();
                    }
                    element.append(s.charAt(i++));
                }
                if (i >= end) {
                    return Optional.empty();
                }
                i++;
                while (i < end && Character.isWhitespace(s.charAt(i))) {
                    i++;
                }
            } else {
                while (i < end && s.charAt(i) != ',') {
                    char c = s.charAt(i);
                    if (c == '{' || c == '}' || c == '"') {
                        return Optional.empty();
                    }
                    if (c == '\\') {
                        if (++i >= end) {
                            return Optional.empty();
                        }
                        element.append(s.charAt(i++));
                        trailingSpace = 0;
                        continue;
                    }
                    element.append(c);
                    trailingSpace = Character.isWhitespace(c) ? trailingSpace + 1 : 0;
                    i++;
                }
                element.setLength(element.length() - trailingSpace);
                if (element.length() == 0) {
                    return Optional.empty();
                }
            }
            boolean isNull = !quoted && element.toString().equalsIgnoreCase("null");
            elements.add(isNull ? null : element.toString());
            if (i == end) {
                return Optional.of(elements);
            }
            if (s.charAt(i) != ',') {
                return Optional.empty();
            }
            i++;
        }
    }
}
