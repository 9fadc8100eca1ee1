package io.tracegate.policy.detect;

/**
 * URLs ({@code scheme://...} and bare {@code www.} addresses). A signal for rules (possible
 * exfiltration), not masked. The URL ends at whitespace, a quote or an angle bracket;
 * trailing sentence punctuation and unbalanced closing brackets are left out.
 */
final class UrlDetector implements Detector {
    static final String TYPE = "url";
    private static final int MAX_SCHEME = 32;
    private static final int MAX_URL = 4096;

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public boolean masked() {
        return false;
    }

    @Override
    public int specificity() {
        return 10;
    }

    @Override
    public void scan(ScanText scanText, FindingSink sink) {
        // "://" or "www.".
        if (!scanText.mayContain(':') && !scanText.mayContain('w') && !scanText.mayContain('W')) {
            return;
        }
        String s = scanText.text();
        Ranges found = new Ranges();
        int lastEnd = 0;
        int sep = s.indexOf("://");
        while (sep >= 0) {
            int start = schemeStart(s, sep, lastEnd);
            int end = start >= 0 ? urlEnd(s, sep + 3) : -1;
            if (end > sep + 3) {
                found.add(start, end);
                lastEnd = end;
                sep = s.indexOf("://", end);
            } else {
                sep = s.indexOf("://", sep + 3);
            }
        }
        String lower = scanText.lower();
        int w = lower.indexOf("www.");
        while (w >= 0) {
            int end = Chars.boundaryBefore(s, w) && (w == 0 || s.charAt(w - 1) != '/' && s.charAt(w - 1) != '.')
                    && w + 4 < s.length() && Chars.alnum(s.charAt(w + 4)) ? urlEnd(s, w + 4) : -1;
            if (end > w + 4 && s.indexOf('.', w + 4) > 0 && s.indexOf('.', w + 4) < end) {
                found.add(w, end);
                w = lower.indexOf("www.", end);
            } else {
                w = lower.indexOf("www.", w + 4);
            }
        }
        found.emit(sink);
    }

    private static int schemeStart(String s, int sep, int floor) {
        int i = sep;
        while (i > floor && sep - i < MAX_SCHEME) {
            char c = s.charAt(i - 1);
            if (!(Chars.asciiAlnum(c) || c == '+' || c == '.' || c == '-')) {
                break;
            }
            i--;
        }
        while (i < sep && !Chars.asciiLetter(s.charAt(i))) {
            i++;
        }
        return sep - i >= 2 && Chars.boundaryBefore(s, i) ? i : -1;
    }

    static int urlEnd(String s, int from) {
        int n = s.length();
        int end = from;
        while (end < n && end - from < MAX_URL) {
            char c = s.charAt(end);
            if (Chars.whitespace(c) || c == '"' || c == '\'' || c == '<' || c == '>' || c == '`' || c < 0x20) {
                break;
            }
            end++;
        }
        while (end > from) {
            char c = s.charAt(end - 1);
            if (".,;:!?".indexOf(c) >= 0 || (c == ')' && !balanced(s, from, end, '(', ')'))
                    || (c == ']' && !balanced(s, from, end, '[', ']'))) {
                end--;
            } else {
                break;
            }
        }
        return end;
    }

    private static boolean balanced(String s, int from, int end, char open, char close) {
        int depth = 0;
        for (int i = from; i < end; i++) {
            if (s.charAt(i) == open) {
                depth++;
            } else if (s.charAt(i) == close) {
                depth--;
            }
        }
        return depth >= 0;
    }
}
