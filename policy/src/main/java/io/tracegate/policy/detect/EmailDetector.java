package io.tracegate.policy.detect;

/**
 * E-mail addresses: a dot-atom local part, {@code @}, and a domain of at least two labels
 * whose last label (the TLD) has two or more letters. Letters of any script are accepted in
 * both parts (internationalised addresses).
 *
 * <p>Scans from each {@code @} outwards. A local part never contains {@code @}, so no
 * character is looked at by more than two scans: linear time.
 */
final class EmailDetector implements Detector {
    static final String TYPE = "email";
    private static final int MAX_LOCAL = 64;
    private static final int MAX_DOMAIN = 253;

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public boolean masked() {
        return true;
    }

    @Override
    public int specificity() {
        return 60;
    }

    @Override
    public void scan(ScanText scanText, FindingSink sink) {
        if (!scanText.mayContain('@')) {
            return;
        }
        String s = scanText.text();
        int lastEnd = 0;
        int at = s.indexOf('@');
        while (at >= 0) {
            int start = localStart(s, at, lastEnd);
            int end = start < at ? domainEnd(s, at + 1) : -1;
            if (end > 0) {
                sink.found(start, end);
                lastEnd = end;
                at = s.indexOf('@', end);
            } else {
                at = s.indexOf('@', at + 1);
            }
        }
    }

    private static boolean localChar(char c) {
        return Chars.alnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-'
                || c == '\'' || c == '!' || c == '#' || c == '$' || c == '&' || c == '*'
                || c == '=' || c == '?' || c == '^' || c == '`' || c == '{' || c == '|'
                || c == '}' || c == '~';
    }

    /** Start of the local part ending at {@code at}, or {@code at} when there is none. */
    private static int localStart(String s, int at, int floor) {
        int i = at;
        while (i > floor && at - i < MAX_LOCAL && localChar(s.charAt(i - 1))) {
            i--;
        }
        // Quotes and other symbols at the edge are punctuation of the prose, not the address.
        while (i < at && !Chars.alnum(s.charAt(i)) && s.charAt(i) != '_') {
            i++;
        }
        if (i == at || s.charAt(at - 1) == '.') {
            return at;
        }
        for (int k = i + 1; k < at; k++) {
            if (s.charAt(k) == '.' && s.charAt(k - 1) == '.') {
                return at;
            }
        }
        return i;
    }

    /** End of a valid domain starting at {@code from}, or -1. */
    private static int domainEnd(String s, int from) {
        int n = s.length();
        int i = from;
        int labels = 0;
        int lastLabelStart = from;
        int validEnd = -1;
        while (i < n && i - from <= MAX_DOMAIN) {
            int labelStart = i;
            while (i < n && (Chars.alnum(s.charAt(i)) || s.charAt(i) == '-')) {
                i++;
            }
            if (i == labelStart || s.charAt(labelStart) == '-' || s.charAt(i - 1) == '-' || i - labelStart > 63) {
                break;
            }
            labels++;
            lastLabelStart = labelStart;
            if (labels >= 2 && tld(s, lastLabelStart, i)) {
                validEnd = i;
            }
            if (i + 1 < n && s.charAt(i) == '.' && Chars.alnum(s.charAt(i + 1))) {
                i++;
            } else {
                break;
            }
        }
        return validEnd > 0 && Chars.boundaryAfter(s, validEnd) && s.charAt(validEnd - 1) != '-' ? validEnd : -1;
    }

    private static boolean tld(String s, int start, int end) {
        if (end - start < 2) {
            return false;
        }
        for (int i = start; i < end; i++) {
            if (!Character.isLetter(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
