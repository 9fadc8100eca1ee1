package io.tracegate.policy.sql;

import io.tracegate.policy.SqlSettings;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Identifier rules of the server: ASCII-only case folding and truncation to NAMEDATALEN - 1 bytes. */
public final class Identifiers {
    /** NAMEDATALEN - 1 in a default build. */
    public static final int MAX_BYTES = 63;
    /** The schema an unqualified relation name is assumed to live in (search_path is not tracked). */
    public static final String DEFAULT_SCHEMA = "public";

    private Identifiers() {
    }

    /** Folds an unquoted identifier: only A-Z are lowered, as the server does for multibyte encodings. */
    public static String fold(CharSequence text, int from, int to) {
        StringBuilder out = null;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                if (out == null) {
                    out = new StringBuilder(to - from).append(text, from, i);
                }
                out.append((char) (c + ('a' - 'A')));
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? text.subSequence(from, to).toString() : out.toString();
    }

    /** Truncates to {@link #MAX_BYTES} bytes of UTF-8 without splitting a character. */
    public static String truncate(String name) {
        // Three bytes per UTF-16 unit at most, so short names need no counting.
        if (name.length() <= MAX_BYTES / 3) {
            return name;
        }
        if (name.getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES) {
            return name;
        }
        int bytes = 0;
        int i = 0;
        while (i < name.length()) {
            int codePoint = name.codePointAt(i);
            int width = codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
            if (bytes + width > MAX_BYTES) {
                break;
            }
            bytes += width;
            i += Character.charCount(codePoint);
        }
        return name.substring(0, i);
    }

    /**
     * The canonical {@code schema.table} spelling of a relation name given as 1 to 3 parts
     * (catalog, schema, table); an unqualified name is put in {@link #DEFAULT_SCHEMA}.
     */
    public static String qualify(List<String> parts) {
        int n = parts.size();
        if (n == 0) {
            throw new IllegalArgumentException("empty name");
        }
        String table = parts.get(n - 1);
        String schema = n >= 2 ? parts.get(n - 2) : DEFAULT_SCHEMA;
        return schema + "." + table;
    }

    /**
     * Canonical form of a name written in a policy file, e.g. {@code agent_traces},
     * {@code public.agent_traces} or {@code "Traces"."Agent"}: lexed like SQL, so quoting and case
     * folding mean the same as in a statement.
     */
    public static String canonicalTableName(String written) {
        List<SqlToken> tokens = SqlLexer.lex(written, SqlSettings.DEFAULT);
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            SqlToken token = tokens.get(i);
            boolean expectName = i % 2 == 0;
            if (expectName ? !token.isIdentifier() || token.isError() : !token.is(".")) {
                throw new IllegalArgumentException("not a table name: " + written);
            }
            if (expectName) {
                parts.add(token.value());
            }
        }
        if (parts.isEmpty() || parts.size() > 3 || tokens.size() % 2 == 0) {
            throw new IllegalArgumentException("not a table name: " + written);
        }
        return qualify(parts);
    }

    /** Canonical form of a column name written in a policy file (folded unless quoted). */
    public static String canonicalColumnName(String written) {
        List<SqlToken> tokens = SqlLexer.lex(written, SqlSettings.DEFAULT);
        if (tokens.size() != 1 || !tokens.get(0).isIdentifier() || tokens.get(0).isError()) {
            throw new IllegalArgumentException("not a column name: " + written);
        }
        return tokens.get(0).value();
    }
}
