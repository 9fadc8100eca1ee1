package io.tracegate.policy.sql;

/** The lexical class of a {@link SqlToken}, following PostgreSQL's scanner ({@code scan.l}). */
public enum TokenType {
    /** An unquoted identifier or keyword; the value is folded to lower case and truncated like the server does. */
    WORD,
    /** A {@code "quoted"} or {@code U&"quoted"} identifier; the value is the decoded name, case kept. */
    QUOTED_IDENTIFIER,
    /** A string constant of any {@link LiteralForm}; the value is the decoded text. */
    STRING,
    /** A numeric constant; the value is its source text. */
    NUMBER,
    /** A positional parameter such as {@code $1}; the value is its source text. */
    PARAMETER,
    /** A run of operator characters, e.g. {@code =}, {@code ||}, {@code ->>}, {@code *}. */
    OPERATOR,
    /** One of {@code , ( ) [ ] ; . :} or the two-character {@code ::}, {@code :=}, {@code ..}. */
    PUNCTUATION,
    /** Any other single character, or an unterminated comment (then flagged as an error). */
    OTHER
}
