package io.tracegate.policy.sql;

import io.tracegate.policy.SqlSettings;
import java.util.regex.Pattern;

/**
 * Spells a new value for a constant so that the server decodes it to exactly that value under the
 * session's {@code standard_conforming_strings}, keeping the constant's original form when that is
 * safe: a dollar quote stays one unless the value would end it early, {@code E'...'} and
 * {@code N'...'} keep their prefix, a bit string stays one if the value is still bits. Everything
 * else becomes {@code '...'} with doubled quotes, or {@code E'...'} when the value holds a
 * backslash and {@code standard_conforming_strings} is off. In {@code E'...'} control characters are
 * written as C escapes ({@code \n}, {@code \t}, ...). A multi-piece constant becomes one piece. A
 * number whose new value is not a number becomes a string constant.
 */
final class LiteralEncoder {
    private static final Pattern NUMBER = Pattern.compile("(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern BITS = Pattern.compile("[01]*");
    private static final Pattern HEX_DIGITS = Pattern.compile("[0-9A-Fa-f]*");

    private LiteralEncoder() {
    }

    /** The source text for {@code token} (taken from {@code sql}) holding {@code value} instead. */
    static String encode(String sql, SqlToken token, String value, SqlSettings settings) {
        if (value.indexOf('\0') >= 0) {
            throw new LiteralRewriteException("a constant cannot hold a NUL character");
        }
        if (value.equals(token.value()) && !token.isError()) {
            return token.source(sql);
        }
        String source = token.source(sql);
        boolean scs = settings.standardConformingStrings();
        if (token.type() == TokenType.NUMBER) {
            return NUMBER.matcher(value).matches() ? value : plain(value, scs);
        }
        if (token.type() != TokenType.STRING) {
            throw new LiteralRewriteException("only constants can be rewritten, not " + token.type());
        }
        return switch (token.form()) {
            case DOLLAR -> {
                String delimiter = source.substring(0, source.indexOf('$', 1) + 1);
                // The value must not contain the delimiter, nor end so that value + delimiter shows it early.
                yield (value + delimiter).indexOf(delimiter) == value.length()
                        ? delimiter + value + delimiter : plain(value, scs);
            }
            case ESCAPE -> source.charAt(0) + "'" + escaped(value) + "'";
            case NATIONAL -> source.charAt(0) + "'" + (scs ? value.replace("'", "''") : escaped(value)) + "'";
            case BIT -> BITS.matcher(value).matches() ? source.charAt(0) + "'" + value + "'" : plain(value, scs);
            case HEX -> HEX_DIGITS.matcher(value).matches() ? source.charAt(0) + "'" + value + "'" : plain(value, scs);
            case STANDARD, UNICODE -> plain(value, scs);
        };
    }

    /** {@code '...'}, read the same under both settings unless it holds a backslash. */
    static String plain(String value, boolean standardConformingStrings) {
        if (value.indexOf('\\') < 0 || standardConformingStrings) {
            return "'" + value.replace("'", "''") + "'";
        }
        return "E'" + escaped(value) + "'";
    }

    /** Body of an {@code E'...'} constant: backslashes and quotes doubled, control characters as C escapes. */
    static String escaped(String value) {
        StringBuilder out = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\'' -> out.append("''");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
