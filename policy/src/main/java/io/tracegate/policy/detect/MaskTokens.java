package io.tracegate.policy.detect;

/**
 * Recognises the tokens the maskers write ({@code <EMAIL>}, {@code <EMAIL:1a2b3c4d>}) so a
 * text masked once is left alone when masked again: the eight hex digits of a hash token
 * must not be taken for a phone number on the next pass.
 */
final class MaskTokens {
    private static final int MAX_NAME = 64;

    private MaskTokens() {
    }

    /** Calls {@code sink} with the range of every mask token in {@code s}. */
    static void scan(String s, FindingSink sink) {
        int lt = s.indexOf('<');
        while (lt >= 0) {
            int end = tokenEnd(s, lt);
            if (end > 0) {
                sink.found(lt, end);
                lt = s.indexOf('<', end);
            } else {
                lt = s.indexOf('<', lt + 1);
            }
        }
    }

    private static int tokenEnd(String s, int lt) {
        int n = s.length();
        int p = lt + 1;
        while (p < n && p - lt <= MAX_NAME && (Chars.upper(s.charAt(p)) || Chars.digit(s.charAt(p))
                || s.charAt(p) == '_' || s.charAt(p) == '-')) {
            p++;
        }
        if (p == lt + 1 || p >= n || !Chars.upper(s.charAt(lt + 1))) {
            return -1;
        }
        if (s.charAt(p) == '>') {
            return p + 1;
        }
        if (s.charAt(p) != ':' || p + 10 > n || s.charAt(p + 9) != '>') {
            return -1;
        }
        for (int i = p + 1; i < p + 9; i++) {
            char c = s.charAt(i);
            if (!(Chars.digit(c) || (c >= 'a' && c <= 'f'))) {
                return -1;
            }
        }
        return p + 10;
    }
}
