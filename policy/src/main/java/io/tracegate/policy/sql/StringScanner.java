package io.tracegate.policy.sql;

/**
 * Scans the body of a single-quoted constant and its continuation pieces: {@code 'ab'} newline
 * {@code 'cd'} is one constant {@code abcd} when only whitespace and {@code --} comments, including
 * at least one newline, separate the pieces. Continuation pieces are read in the same mode as the
 * first (an {@code E'...'} constant keeps its escapes).
 */
final class StringScanner {
    /** Where the constant ends, its decoded value, or the first reason the server would reject it. */
    record Result(int end, String value, String error) {
    }

    private final String sql;
    private final int length;

    StringScanner(String sql) {
        this.sql = sql;
        this.length = sql.length();
    }

    /**
     * @param quote   offset of the opening quote
     * @param escapes backslash escapes apply ({@code E'...'}, or {@code '...'} with
     *                standard_conforming_strings off)
     * @param raw     bit-string body: no quote doubling, no escapes
     */
    Result scan(int quote, boolean escapes, boolean raw) {
        int p = quote + 1;
        LiteralBuffer value = new LiteralBuffer(16);
        String error = null;
        // Runs of ordinary characters are found with indexOf (vectorised), not char by char: a
        // 4 KB trace is one constant, and every statement is lexed. The next backslash is searched
        // again only once the scan has passed it, which keeps the whole scan linear.
        int nextBackslash = escapes ? indexOrEnd('\\', p) : length;
        while (true) {
            if (p >= length) {
                return new Result(length, "", "unterminated quoted string");
            }
            char c = sql.charAt(p);
            if (c == '\'') {
                if (!raw && p + 1 < length && sql.charAt(p + 1) == '\'') {
                    value.append('\'');
                    p += 2;
                    continue;
                }
                int next = continuation(p + 1);
                if (next < 0) {
                    return error == null ? finish(p + 1, value) : new Result(p + 1, "", error);
                }
                p = next + 1;
            } else if (c == '\\' && escapes) {
                try {
                    p = escape(p, value);
                } catch (LexError e) {
                    if (error == null) {
                        error = e.getMessage();
                    }
                    p = Math.min(length, p + 2);
                }
            } else {
                if (nextBackslash < p) {
                    nextBackslash = indexOrEnd('\\', p);
                }
                int runEnd = Math.min(indexOrEnd('\'', p + 1), nextBackslash);
                value.append(sql, p, runEnd);
                p = runEnd;
            }
        }
    }

    private int indexOrEnd(char c, int from) {
        int at = sql.indexOf(c, from);
        return at < 0 ? length : at;
    }

    private static Result finish(int end, LiteralBuffer value) {
        try {
            return new Result(end, value.finish(), null);
        } catch (LexError e) {
            return new Result(end, "", e.getMessage());
        }
    }

    /**
     * Offset of the quote that continues the constant after a closing quote ending at {@code p}, or -1.
     */
    int continuation(int p) {
        boolean newline = false;
        while (p < length) {
            char c = sql.charAt(p);
            if (c == '\n' || c == '\r') {
                newline = true;
                p++;
            } else if (SqlLexer.isSpace(c)) {
                p++;
            } else if (c == '-' && p + 1 < length && sql.charAt(p + 1) == '-') {
                while (p < length && sql.charAt(p) != '\n' && sql.charAt(p) != '\r') {
                    p++;
                }
            } else {
                return newline && c == '\'' ? p : -1;
            }
        }
        return -1;
    }

    /** Decodes the escape whose backslash is at {@code p}; returns the offset after it. */
    private int escape(int p, LiteralBuffer value) {
        if (p + 1 >= length) {
            // A backslash just before the end: the constant is unterminated anyway.
            return p + 1;
        }
        char c = sql.charAt(p + 1);
        switch (c) {
            case 'b':
                value.append('\b');
                return p + 2;
            case 'f':
                value.append('\f');
                return p + 2;
            case 'n':
                value.append('\n');
                return p + 2;
            case 'r':
                value.append('\r');
                return p + 2;
            case 't':
                value.append('\t');
                return p + 2;
            case 'x': {
                int q = p + 2;
                int b = 0;
                while (q < p + 4 && q < length && UnicodeEscapes.isHexDigit(sql.charAt(q))) {
                    b = (b << 4) | Character.digit(sql.charAt(q), 16);
                    q++;
                }
                if (q == p + 2) {
                    value.append('x');
                    return p + 2;
                }
                value.appendByte(b);
                return q;
            }
            case 'u', 'U':
                return unicode(p, value);
            default:
                if (c >= '0' && c <= '7') {
                    int q = p + 1;
                    int b = 0;
                    while (q < p + 4 && q < length && sql.charAt(q) >= '0' && sql.charAt(q) <= '7') {
                        b = (b << 3) | (sql.charAt(q) - '0');
                        q++;
                    }
                    // Three octal digits can exceed a byte; the server keeps the low eight bits.
                    value.appendByte(b & 0xFF);
                    return q;
                }
                value.append(c);
                return p + 2;
        }
    }

    private int unicode(int p, LiteralBuffer value) {
        int digits = sql.charAt(p + 1) == 'u' ? 4 : 8;
        int codePoint = UnicodeEscapes.hex(sql, p + 2, digits);
        if (codePoint < 0) {
            throw new LexError("invalid Unicode escape");
        }
        int next = p + 2 + digits;
        if (UnicodeEscapes.isHighSurrogate(codePoint)) {
            // The low half must follow at once as another \\u or \\U escape.
            if (next + 1 >= length || sql.charAt(next) != '\\'
                    || (sql.charAt(next + 1) != 'u' && sql.charAt(next + 1) != 'U')) {
                throw new LexError("invalid Unicode surrogate pair");
            }
            int lowDigits = sql.charAt(next + 1) == 'u' ? 4 : 8;
            int low = UnicodeEscapes.hex(sql, next + 2, lowDigits);
            if (low < 0) {
                throw new LexError("invalid Unicode escape");
            }
            if (!UnicodeEscapes.isLowSurrogate(low)) {
                throw new LexError("invalid Unicode surrogate pair");
            }
            value.appendCodePoint(Character.toCodePoint((char) codePoint, (char) low));
            return next + 2 + lowDigits;
        }
        if (UnicodeEscapes.isLowSurrogate(codePoint)) {
            throw new LexError("invalid Unicode surrogate pair");
        }
        UnicodeEscapes.checkCodePoint(codePoint);
        value.appendCodePoint(codePoint);
        return next;
    }
}
