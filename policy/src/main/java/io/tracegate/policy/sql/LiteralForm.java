package io.tracegate.policy.sql;

/** How a string constant was written; the rewriter uses it to keep the original form when it can. */
public enum LiteralForm {
    /** {@code '...'}: backslashes are escapes only when {@code standard_conforming_strings} is off. */
    STANDARD,
    /** {@code E'...'}: C-style backslash escapes. */
    ESCAPE,
    /** {@code N'...'}: a national character constant (the server reads it as {@code nchar '...'}). */
    NATIONAL,
    /** {@code U&'...'} with {@code \XXXX} / {@code \+XXXXXX} escapes and an optional {@code UESCAPE 'c'}. */
    UNICODE,
    /** {@code $$...$$} or {@code $tag$...$tag$}: no escapes at all. */
    DOLLAR,
    /** {@code B'0101'}: a bit string. */
    BIT,
    /** {@code X'1F'}: a bit string written in hexadecimal. */
    HEX
}
