package io.tracegate.policy.config;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Table and column names as PostgreSQL resolves them: unquoted identifiers are folded to lower
 * case (ASCII letters only, as the server does), double-quoted ones are kept exactly, and a table
 * without a schema is taken to be in {@code public}. The normalised form is {@code schema.table}
 * without quotes, which is what rules and statement analysis compare. A quoted name containing a
 * dot is refused because that form could not tell it apart from a schema-qualified one.
 */
public final class TableNames {
    /** PostgreSQL truncates identifiers longer than NAMEDATALEN - 1 bytes. */
    private static final int MAX_IDENTIFIER_BYTES = 63;

    private TableNames() {
    }

    /**
     * {@code schema.table} for a table name as written in a policy file or SQL.
     *
     * @throws IllegalArgumentException with a message saying what is wrong
     */
    public static String normalize(String name) {
        List<String> parts = parts(name);
        if (parts.size() == 1) {
            return "public." + parts.get(0);
        }
        if (parts.size() == 2) {
            return parts.get(0) + "." + parts.get(1);
        }
        throw new IllegalArgumentException("'" + name + "' has " + parts.size() + " dotted parts; write schema.table or table");
    }

    /** {@link #normalize}, or empty when the name cannot be resolved. */
    public static Optional<String> tryNormalize(String name) {
        try {
            return Optional.of(normalize(name));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * One identifier (a column name) as PostgreSQL resolves it.
     *
     * @throws IllegalArgumentException with a message saying what is wrong
     */
    public static String identifier(String name) {
        List<String> parts = parts(name);
        if (parts.size() != 1) {
            throw new IllegalArgumentException("'" + name + "' is not a single identifier");
        }
        return parts.get(0);
    }

    private static List<String> parts(String name) {
        List<String> parts = new ArrayList<>();
        int i = 0;
        while (true) {
            StringBuilder part = new StringBuilder();
            if (i < name.length() && name.charAt(i) == '"') {
                i = quoted(name, i, part);
            } else {
                i = unquoted(name, i, part);
            }
            if (part.toString().getBytes(StandardCharsets.UTF_8).length > MAX_IDENTIFIER_BYTES) {
                throw new IllegalArgumentException("'" + part + "' is longer than PostgreSQL's 63-byte identifier limit");
            }
            parts.add(part.toString());
            if (i == name.length()) {
                return parts;
            }
            if (name.charAt(i) != '.') {
                throw new IllegalArgumentException("'" + name + "' is not a valid name: unexpected '" + name.charAt(i)
                        + "' at position " + (i + 1));
            }
            i++;
        }
    }

    private static int quoted(String name, int start, StringBuilder part) {
        int i = start + 1;
        while (i < name.length()) {
            char c = name.charAt(i);
            if (c == '"') {
                if (i + 1 < name.length() && name.charAt(i + 1) == '"') {
                    part.append('"');
                    i += 2;
                    continue;
                }
                if (part.length() == 0) {
                    throw new IllegalArgumentException("'" + name + "' has an empty quoted identifier");
                }
                if (part.indexOf(".") >= 0) {
                    throw new IllegalArgumentException("'" + name + "': quoted identifiers containing '.' are not supported");
                }
                return i + 1;
            }
            part.append(c);
            i++;
        }
        throw new IllegalArgumentException("'" + name + "' has an unterminated quoted identifier");
    }

    private static int unquoted(String name, int start, StringBuilder part) {
        int i = start;
        if (i >= name.length() || !(Character.isLetter(name.charAt(i)) || name.charAt(i) == '_')) {
            throw new IllegalArgumentException("'" + name + "' is not a valid name: an identifier must start with a letter"
                    + " or '_' at position " + (i + 1));
        }
        while (i < name.length()) {
            char c = name.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '_' || c == '$')) {
                break;
            }
            part.append(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
            i++;
        }
        return i;
    }
}
