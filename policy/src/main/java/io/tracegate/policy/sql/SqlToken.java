package io.tracegate.policy.sql;

import java.util.Objects;

/**
 * One token of SQL text. Whitespace and comments are not tokens.
 *
 * @param type  the lexical class
 * @param start offset of the first character in the SQL string
 * @param end   offset just past the last character; for a string constant the span covers every
 *              continuation piece and, for {@code U&'...'}, a trailing {@code UESCAPE 'c'} clause
 * @param value see {@link TokenType}; the decoded text for strings and quoted identifiers, empty
 *              when {@link #error} is set
 * @param form  how a {@link TokenType#STRING} was written, {@code null} for every other type
 * @param error why the server would reject this token (unterminated literal or comment, bad escape,
 *              trailing junk after a number, ...), {@code null} when it is well formed. Callers
 *              must fail closed on a statement holding an error token.
 */
public record SqlToken(TokenType type, int start, int end, String value, LiteralForm form, String error) {

    public SqlToken {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(value, "value");
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("bad span " + start + ".." + end);
        }
    }

    static SqlToken of(TokenType type, int start, int end, String value) {
        return new SqlToken(type, start, end, value, null, null);
    }

    static SqlToken error(TokenType type, int start, int end, LiteralForm form, String error) {
        return new SqlToken(type, start, end, "", form, error);
    }

    public boolean isError() {
        return error != null;
    }

    /** True for an unquoted word equal to {@code lowerCase} (keywords are matched this way). */
    public boolean isWord(String lowerCase) {
        return type == TokenType.WORD && value.equals(lowerCase);
    }

    /** True for punctuation or an operator spelled exactly {@code text}. */
    public boolean is(String text) {
        return (type == TokenType.PUNCTUATION || type == TokenType.OPERATOR) && value.equals(text);
    }

    /** True for an identifier, quoted or not (a keyword is a {@link TokenType#WORD} too). */
    public boolean isIdentifier() {
        return type == TokenType.WORD || type == TokenType.QUOTED_IDENTIFIER;
    }

    /** True for a constant whose contents could carry data: a string or a number. */
    public boolean isLiteral() {
        return type == TokenType.STRING || type == TokenType.NUMBER;
    }

    /** The token's source text. */
    public String source(String sql) {
        return sql.substring(start, end);
    }

    @Override
    public String toString() {
        // Never print a literal's value: it may be the very secret the gateway is hiding.
        String shown = isLiteral() ? "<" + (end - start) + " chars>" : value;
        return type + (form == null ? "" : "/" + form) + "[" + start + ".." + end + "]" + shown
                + (error == null ? "" : " ERROR " + error);
    }

    /**
     * Hashes the position, not the decoded text: tokens are map keys on the masking path, and a
     * 4 KB literal would otherwise be hashed at every lookup. Consistent with {@code equals}.
     */
    @Override
    public int hashCode() {
        return (type.hashCode() * 31 + start) * 31 + end;
    }
}
