package io.tracegate.policy.detect;

/** Character classes shared by the hand-written scanners. */
final class Chars {
    private Chars() {
    }

    static boolean digit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean asciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    static boolean upper(char c) {
        return c >= 'A' && c <= 'Z';
    }

    static boolean lower(char c) {
        return c >= 'a' && c <= 'z';
    }

    static boolean hex(char c) {
        return digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    static boolean asciiAlnum(char c) {
        return digit(c) || asciiLetter(c);
    }

    /** Letter or digit in any script: a value glued to one is part of a longer word. */
    static boolean alnum(char c) {
        return c < 0x80 ? asciiAlnum(c) : Character.isLetterOrDigit(c);
    }

    /** Characters of identifiers and tokens: letters, digits, underscore. */
    static boolean word(char c) {
        return c == '_' || alnum(c);
    }

    static boolean whitespace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0B
                || (c >= 0x80 && Character.isWhitespace(c));
    }

    /** True when {@code s} at {@code i} is the start of text or a non-alphanumeric char. */
    static boolean boundaryBefore(String s, int i) {
        return i == 0 || !alnum(s.charAt(i - 1));
    }

    /** True when {@code s} at {@code end} is the end of text or a non-alphanumeric char. */
    static boolean boundaryAfter(String s, int end) {
        return end >= s.length() || !alnum(s.charAt(end));
    }

    /**
     * True when a value starting at {@code start} is glued to a longer token such as
     * {@code a1b2-4111...} or {@code 1.2.4111...}: one of {@code joiners} directly between it
     * and another letter or digit. Used by the numeric detectors to skip parts of UUIDs,
     * version strings and dotted identifiers.
     */
    static boolean joinedBefore(String s, int start, String joiners) {
        return start >= 2 && joiners.indexOf(s.charAt(start - 1)) >= 0 && alnum(s.charAt(start - 2));
    }

    /** Like {@link #joinedBefore} for a value ending (exclusive) at {@code end}. */
    static boolean joinedAfter(String s, int end, String joiners) {
        return end + 1 < s.length() && joiners.indexOf(s.charAt(end)) >= 0 && alnum(s.charAt(end + 1));
    }
}
