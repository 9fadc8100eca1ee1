package io.tracegate.policy.sql;

/**
 * Unicode escape handling shared by {@code E} strings (backslash-u escapes) and {@code U&'...'} /
 * {@code U&"..."} constants, following PostgreSQL's rules: code points must be in 1..10FFFF and a
 * UTF-16 surrogate pair must be written as two consecutive escapes.
 */
final class UnicodeEscapes {
    private UnicodeEscapes() {
    }

    static boolean isHexDigit(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    /** Parses {@code count} hex digits at {@code from}, or returns -1 when they are not all there. */
    static int hex(CharSequence text, int from, int count) {
        if (from + count > text.length()) {
            return -1;
        }
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = text.charAt(i);
            if (!isHexDigit(c)) {
                return -1;
            }
            value = (value << 4) | Character.digit(c, 16);
        }
        return value;
    }

    static boolean isHighSurrogate(int codePoint) {
        return codePoint >= 0xD800 && codePoint <= 0xDBFF;
    }

    static boolean isLowSurrogate(int codePoint) {
        return codePoint >= 0xDC00 && codePoint <= 0xDFFF;
    }

    static void checkCodePoint(int codePoint) {
        if (codePoint <= 0 || codePoint > 0x10FFFF) {
            throw new LexError("invalid Unicode escape value");
        }
    }

    /** The server's rule for a UESCAPE character. */
    static boolean isValidEscapeChar(char c) {
        return !(isHexDigit(c) || c == '+' || c == '\'' || c == '"' || SqlLexer.isSpace(c));
    }

    /** Decodes the body of a {@code U&} constant (quotes already undoubled) with escape character {@code esc}. */
    static String decode(String body, char esc) {
        if (body.indexOf(esc) < 0) {
            return body;
        }
        StringBuilder out = new StringBuilder(body.length());
        int pairFirst = 0;
        int i = 0;
        int n = body.length();
        while (i < n) {
            char c = body.charAt(i);
            if (c != esc) {
                if (pairFirst != 0) {
                    throw new LexError("invalid Unicode surrogate pair");
                }
                out.append(c);
                i++;
                continue;
            }
            int codePoint;
            if (i + 1 < n && body.charAt(i + 1) == esc) {
                if (pairFirst != 0) {
                    throw new LexError("invalid Unicode surrogate pair");
                }
                out.append(esc);
                i += 2;
                continue;
            } else if ((codePoint = hex(body, i + 1, 4)) >= 0) {
                i += 5;
            } else if (i + 1 < n && body.charAt(i + 1) == '+' && (codePoint = hex(body, i + 2, 6)) >= 0) {
                i += 8;
            } else {
                throw new LexError("invalid Unicode escape");
            }
            if (pairFirst != 0) {
                if (!isLowSurrogate(codePoint)) {
                    throw new LexError("invalid Unicode surrogate pair");
                }
                out.appendCodePoint(Character.toCodePoint((char) pairFirst, (char) codePoint));
                pairFirst = 0;
            } else if (isHighSurrogate(codePoint)) {
                pairFirst = codePoint;
            } else if (isLowSurrogate(codePoint)) {
                throw new LexError("invalid Unicode surrogate pair");
            } else {
                checkCodePoint(codePoint);
                out.appendCodePoint(codePoint);
            }
        }
        if (pairFirst != 0) {
            throw new LexError("invalid Unicode surrogate pair");
        }
        return out.toString();
    }
}
