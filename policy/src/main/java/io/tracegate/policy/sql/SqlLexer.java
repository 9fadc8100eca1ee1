package io.tracegate.policy.sql;

import io.tracegate.policy.SqlSettings;
import java.util.ArrayList;
import java.util.List;

/**
 * A lexer that reads SQL the way PostgreSQL's scanner ({@code scan.l}, release 16 rules) does, so
 * the gateway and the server agree on where every literal starts and ends and what it decodes to.
 *
 * <p>It handles whitespace (including vertical tab), {@code --} and nested slash-star comments,
 * unquoted identifiers (ASCII case folding, truncation to 63 bytes), {@code "quoted"} and
 * {@code U&"..."} identifiers, operators (a comment start ends an operator; a trailing {@code +} or
 * {@code -} is split off as the server does), numbers (decimal, {@code 0x}/{@code 0o}/{@code 0b},
 * {@code _} separators), {@code $n} parameters, and every string constant form (see
 * {@link LiteralForm}), including adjacent constants separated by whitespace with a newline, which
 * become one token. String scanning in {@code '...'} depends on
 * {@link SqlSettings#standardConformingStrings()}.
 *
 * <p>One pass, linear in the input, never throws on bad input: a malformed token is returned with
 * {@link SqlToken#error()} set and lexing goes on (an unterminated literal or comment runs to the end).
 */
public final class SqlLexer {
    private final String sql;
    private final int length;
    private final boolean standardConformingStrings;
    private final List<SqlToken> tokens;
    private final StringScanner strings;
    private final NumberScanner numbers;
    private int pos;

    private SqlLexer(String sql, SqlSettings settings) {
        this.sql = sql;
        this.length = sql.length();
        this.standardConformingStrings = settings.standardConformingStrings();
        this.tokens = new ArrayList<>(Math.max(8, length / 6));
        this.strings = new StringScanner(sql);
        this.numbers = new NumberScanner(sql);
    }

    /** Lexes {@code sql} under the session's settings. */
    public static List<SqlToken> lex(String sql, SqlSettings settings) {
        // The server reads a query string only up to a NUL; such text can never be trusted.
        int nul = sql.indexOf('\0');
        SqlLexer lexer = new SqlLexer(nul < 0 ? sql : sql.substring(0, nul), settings);
        lexer.run();
        if (nul >= 0) {
            lexer.tokens.add(SqlToken.error(TokenType.OTHER, nul, sql.length(), null, "NUL character in SQL text"));
        }
        return lexer.tokens;
    }

    /** The server's whitespace: space, tab, newline, carriage return, form feed, vertical tab. */
    static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\u000B';
    }

    static boolean isIdentStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
    }

    static boolean isIdentCont(char c) {
        return isIdentStart(c) || (c >= '0' && c <= '9') || c == '$';
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isOpChar(char c) {
        return "~!@#^&|`?+-*/%<>=".indexOf(c) >= 0;
    }

    private char at(int i) {
        return i < length ? sql.charAt(i) : '\0';
    }

    private void run() {
        while (true) {
            pos = skipSpaceAndComments(pos);
            if (pos >= length) {
                return;
            }
            tokens.add(next());
        }
    }

    /**
     * Skips whitespace and comments from {@code p}. An unterminated slash-star comment becomes an error
     * token and ends the input.
     */
    private int skipSpaceAndComments(int p) {
        while (p < length) {
            char c = sql.charAt(p);
            if (isSpace(c)) {
                p++;
            } else if (c == '-' && at(p + 1) == '-') {
                p = endOfLine(p + 2);
            } else if (c == '/' && at(p + 1) == '*') {
                int end = endOfBlockComment(p + 2);
                if (end < 0) {
                    tokens.add(SqlToken.error(TokenType.OTHER, p, length, null, "unterminated /* comment"));
                    return length;
                }
                p = end;
            } else {
                return p;
            }
        }
        return p;
    }

    int endOfLine(int p) {
        while (p < length && sql.charAt(p) != '\n' && sql.charAt(p) != '\r') {
            p++;
        }
        return p;
    }

    /** Offset after the comment opened just before {@code p}, honouring nesting, or -1 at end of input. */
    private int endOfBlockComment(int p) {
        int depth = 0;
        while (p < length) {
            char c = sql.charAt(p);
            if (c == '*' && at(p + 1) == '/') {
                if (depth == 0) {
                    return p + 2;
                }
                depth--;
                p += 2;
            } else if (c == '/' && at(p + 1) == '*') {
                depth++;
                p += 2;
            } else {
                p++;
            }
        }
        return -1;
    }

    private SqlToken next() {
        int start = pos;
        char c = sql.charAt(pos);
        char c1 = at(pos + 1);
        switch (c) {
            case '\'':
                return string(start, start, standardConformingStrings ? LiteralForm.STANDARD : null);
            case '"':
                return quotedIdentifier(start, start, false);
            case '$':
                return dollar(start);
            case ',', '(', ')', '[', ']', ';':
                pos++;
                return SqlToken.of(TokenType.PUNCTUATION, start, pos, String.valueOf(c));
            case ':':
                pos += (c1 == ':' || c1 == '=') ? 2 : 1;
                return SqlToken.of(TokenType.PUNCTUATION, start, pos, sql.substring(start, pos));
            case '.':
                if (isDigit(c1)) {
                    return number(start);
                }
                pos += c1 == '.' ? 2 : 1;
                return SqlToken.of(TokenType.PUNCTUATION, start, pos, sql.substring(start, pos));
            default:
                break;
        }
        if (isDigit(c)) {
            return number(start);
        }
        if (isIdentStart(c)) {
            return wordOrPrefixedString(start, c, c1);
        }
        if (isOpChar(c)) {
            return operator(start);
        }
        pos++;
        return SqlToken.of(TokenType.OTHER, start, pos, String.valueOf(c));
    }

    private SqlToken wordOrPrefixedString(int start, char c, char c1) {
        if (c1 == '\'') {
            switch (c) {
                case 'e', 'E':
                    return string(start, start + 1, LiteralForm.ESCAPE);
                case 'b', 'B':
                    return string(start, start + 1, LiteralForm.BIT);
                case 'x', 'X':
                    return string(start, start + 1, LiteralForm.HEX);
                case 'n', 'N':
                    // The server reads N'..' as the keyword NCHAR followed by an ordinary constant.
                    SqlToken national = string(start, start + 1, standardConformingStrings ? LiteralForm.STANDARD : null);
                    return new SqlToken(national.type(), national.start(), national.end(), national.value(),
                            LiteralForm.NATIONAL, national.error());
                default:
                    break;
            }
        }
        if ((c == 'u' || c == 'U') && c1 == '&') {
            char c2 = at(pos + 2);
            if (c2 == '\'') {
                return unicodeString(start);
            }
            if (c2 == '"') {
                return quotedIdentifier(start, start + 2, true);
            }
        }
        int end = pos + 1;
        while (end < length && isIdentCont(sql.charAt(end))) {
            end++;
        }
        pos = end;
        return SqlToken.of(TokenType.WORD, start, end, Identifiers.truncate(Identifiers.fold(sql, start, end)));
    }

    /**
     * A quoted constant whose opening quote is at {@code quote}. {@code form} null means a standard
     * constant read with backslash escapes ({@code standard_conforming_strings = off}).
     */
    private SqlToken string(int start, int quote, LiteralForm form) {
        boolean escapes = form == null || form == LiteralForm.ESCAPE;
        LiteralForm reported = form == null ? LiteralForm.STANDARD : form;
        StringScanner.Result result = strings.scan(quote, escapes, form == LiteralForm.BIT || form == LiteralForm.HEX);
        pos = result.end();
        if (result.error() != null) {
            return SqlToken.error(TokenType.STRING, start, result.end(), reported, result.error());
        }
        return new SqlToken(TokenType.STRING, start, result.end(), result.value(), reported, null);
    }

    private SqlToken unicodeString(int start) {
        if (!standardConformingStrings) {
            // The server refuses U&'' outright in this mode; still find where the constant ends.
            StringScanner.Result body = strings.scan(start + 2, false, false);
            pos = body.end();
            return SqlToken.error(TokenType.STRING, start, pos, LiteralForm.UNICODE,
                    "unsafe use of string constant with Unicode escapes");
        }
        StringScanner.Result body = strings.scan(start + 2, false, false);
        pos = body.end();
        if (body.error() != null) {
            return SqlToken.error(TokenType.STRING, start, pos, LiteralForm.UNICODE, body.error());
        }
        return withUescape(TokenType.STRING, start, body.value(), LiteralForm.UNICODE);
    }

    private SqlToken quotedIdentifier(int start, int quote, boolean unicode) {
        int p = quote + 1;
        StringBuilder name = null;
        int runStart = p;
        while (true) {
            int close = sql.indexOf('"', p);
            if (close < 0) {
                pos = length;
                return SqlToken.error(TokenType.QUOTED_IDENTIFIER, start, length, null, "unterminated quoted identifier");
            }
            if (at(close + 1) == '"') {
                if (name == null) {
                    name = new StringBuilder();
                }
                name.append(sql, runStart, close + 1);
                p = close + 2;
                runStart = p;
                continue;
            }
            String body = name == null ? sql.substring(runStart, close) : name.append(sql, runStart, close).toString();
            pos = close + 1;
            if (body.isEmpty()) {
                return SqlToken.error(TokenType.QUOTED_IDENTIFIER, start, pos, null, "zero-length delimited identifier");
            }
            if (!unicode) {
                return SqlToken.of(TokenType.QUOTED_IDENTIFIER, start, pos, Identifiers.truncate(body));
            }
            return withUescape(TokenType.QUOTED_IDENTIFIER, start, body, null);
        }
    }

    /** Looks past a U&amp; constant for {@code UESCAPE 'c'}, decodes, and builds the (widened) token. */
    private SqlToken withUescape(TokenType type, int start, String body, LiteralForm form) {
        char escape = '\\';
        int after = skipSpaceAndCommentsQuietly(pos);
        if (after + 7 <= length && sql.regionMatches(true, after, "uescape", 0, 7)
                && (after + 7 == length || !isIdentCont(sql.charAt(after + 7)))) {
            int quote = skipSpaceAndCommentsQuietly(after + 7);
            SqlToken escapeToken = null;
            if (quote < length && (sql.charAt(quote) == '\'' || sql.charAt(quote) == '$'
                    || ((sql.charAt(quote) == 'e' || sql.charAt(quote) == 'E') && at(quote + 1) == '\''))) {
                pos = quote;
                escapeToken = next();
            }
            if (escapeToken == null || escapeToken.type() != TokenType.STRING || escapeToken.isError()) {
                pos = escapeToken == null ? after + 7 : escapeToken.end();
                return SqlToken.error(type, start, pos, form, "UESCAPE must be followed by a simple string literal");
            }
            pos = escapeToken.end();
            String chosen = escapeToken.value();
            if (chosen.length() != 1 || chosen.charAt(0) >= 0x80 || !UnicodeEscapes.isValidEscapeChar(chosen.charAt(0))) {
                return SqlToken.error(type, start, pos, form, "invalid Unicode escape character");
            }
            escape = chosen.charAt(0);
        }
        try {
            String decoded = UnicodeEscapes.decode(body, escape);
            if (type == TokenType.QUOTED_IDENTIFIER) {
                if (decoded.isEmpty()) {
                    return SqlToken.error(type, start, pos, form, "zero-length delimited identifier");
                }
                decoded = Identifiers.truncate(decoded);
            }
            return new SqlToken(type, start, pos, decoded, form, null);
        } catch (LexError e) {
            return SqlToken.error(type, start, pos, form, e.getMessage());
        }
    }

    /** Like {@link #skipSpaceAndComments} but without reporting an unterminated comment (lookahead only). */
    private int skipSpaceAndCommentsQuietly(int p) {
        while (p < length) {
            char c = sql.charAt(p);
            if (isSpace(c)) {
                p++;
            } else if (c == '-' && at(p + 1) == '-') {
                p = endOfLine(p + 2);
            } else if (c == '/' && at(p + 1) == '*') {
                int end = endOfBlockComment(p + 2);
                if (end < 0) {
                    return length;
                }
                p = end;
            } else {
                return p;
            }
        }
        return p;
    }

    private SqlToken dollar(int start) {
        char c1 = at(start + 1);
        if (isDigit(c1)) {
            int end = numbers.decimalDigits(start + 1);
            pos = end;
            if (end < length && isIdentStart(sql.charAt(end))) {
                pos = identEnd(end);
                return SqlToken.error(TokenType.PARAMETER, start, pos, null, "trailing junk after parameter");
            }
            return SqlToken.of(TokenType.PARAMETER, start, end, sql.substring(start, end));
        }
        // $tag$: the tag is an identifier without '$'; anything else makes the '$' a lone character.
        int tagEnd = start + 1;
        if (tagEnd < length && isIdentStart(sql.charAt(tagEnd))) {
            tagEnd++;
            while (tagEnd < length && (isIdentStart(sql.charAt(tagEnd)) || isDigit(sql.charAt(tagEnd)))) {
                tagEnd++;
            }
        }
        if (tagEnd >= length || sql.charAt(tagEnd) != '$') {
            pos = start + 1;
            return SqlToken.of(TokenType.OTHER, start, pos, "$");
        }
        String delimiter = sql.substring(start, tagEnd + 1);
        int bodyStart = tagEnd + 1;
        int close = sql.indexOf(delimiter, bodyStart);
        if (close < 0) {
            pos = length;
            return SqlToken.error(TokenType.STRING, start, length, LiteralForm.DOLLAR, "unterminated dollar-quoted string");
        }
        pos = close + delimiter.length();
        return new SqlToken(TokenType.STRING, start, pos, sql.substring(bodyStart, close), LiteralForm.DOLLAR, null);
    }

    private int identEnd(int p) {
        while (p < length && isIdentCont(sql.charAt(p))) {
            p++;
        }
        return p;
    }

    private SqlToken number(int start) {
        NumberScanner.Result result = numbers.scan(start);
        pos = result.end();
        return result.error() == null
                ? SqlToken.of(TokenType.NUMBER, start, result.end(), sql.substring(start, result.end()))
                : SqlToken.error(TokenType.NUMBER, start, result.end(), null, result.error());
    }

    private SqlToken operator(int start) {
        int end = start;
        while (end < length && isOpChar(sql.charAt(end))) {
            char c = sql.charAt(end);
            char n = at(end + 1);
            if (end > start && ((c == '-' && n == '-') || (c == '/' && n == '*'))) {
                break;
            }
            end++;
        }
        // '+' or '-' cannot end a multi-character operator unless it holds a non-SQL operator char.
        while (end - start > 1 && (sql.charAt(end - 1) == '+' || sql.charAt(end - 1) == '-')) {
            boolean keep = false;
            for (int i = start; i < end - 1; i++) {
                if ("~!@#^&|`?%".indexOf(sql.charAt(i)) >= 0) {
                    keep = true;
                    break;
                }
            }
            if (keep) {
                break;
            }
            end--;
        }
        pos = end;
        return SqlToken.of(TokenType.OPERATOR, start, end, sql.substring(start, end));
    }
}
