package io.tracegate.policy.detect;

/**
 * Recognises the operator and value after a key in the forms secrets are written in:
 * {@code key=value}, {@code key = "value"}, {@code key: value}, JSON {@code "key": "value"},
 * {@code key := value}, {@code key => 'value'}, shell {@code export KEY=value}.
 */
record Assignment(int valueStart, int valueEnd, boolean quoted) {
    private static final int MAX_GAP = 3;
    private static final int MAX_VALUE = 512;

    /**
     * Parses the assignment that follows a key ending at {@code afterKey}; null when none.
     * An unquoted value runs to whitespace or one of {@code , ; & ) ] } < >} and loses trailing
     * sentence punctuation; a quoted value runs to the matching quote on the same line.
     */
    static Assignment after(String s, int afterKey) {
        int n = s.length();
        int p = afterKey;
        if (p < n && (s.charAt(p) == '"' || s.charAt(p) == '\'')) {
            p++; // closing quote of a quoted key
        }
        p = skipSpaces(s, p);
        if (p >= n) {
            return null;
        }
        char op = s.charAt(p);
        if (op == ':') {
            p++;
            if (p < n && s.charAt(p) == '=') {
                p++;
            }
        } else if (op == '=') {
            p++;
            if (p < n && s.charAt(p) == '>') {
                p++;
            } else if (p < n && s.charAt(p) == '=') {
                return null; // a comparison, not an assignment
            }
        } else {
            return null;
        }
        int gapStart = p;
        p = skipSpaces(s, p);
        if (p - gapStart > MAX_GAP || p >= n) {
            return null;
        }
        char q = s.charAt(p);
        if (q == '"' || q == '\'' || q == '`') {
            int start = p + 1;
            int end = start;
            while (end < n && end - start <= MAX_VALUE && s.charAt(end) != q && s.charAt(end) != '\n') {
                if (s.charAt(end) == '\\' && end + 1 < n) {
                    end++;
                }
                end++;
            }
            if (end >= n || s.charAt(end) != q || end == start) {
                return null;
            }
            return new Assignment(start, end, true);
        }
        int start = p;
        int end = start;
        while (end < n && end - start <= MAX_VALUE && !stop(s.charAt(end))) {
            end++;
        }
        while (end > start && ".,:;!?".indexOf(s.charAt(end - 1)) >= 0) {
            end--;
        }
        return end > start ? new Assignment(start, end, false) : null;
    }

    private static int skipSpaces(String s, int p) {
        while (p < s.length() && (s.charAt(p) == ' ' || s.charAt(p) == '\t')) {
            p++;
        }
        return p;
    }

    private static boolean stop(char c) {
        return Chars.whitespace(c) || c == ',' || c == ';' || c == '&' || c == ')' || c == ']'
                || c == '}' || c == '<' || c == '>' || c == '"' || c == '\'';
    }
}
