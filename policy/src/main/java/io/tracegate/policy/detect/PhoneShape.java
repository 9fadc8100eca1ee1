package io.tracegate.policy.detect;

/**
 * Checks of a phone-number candidate's shape that need no metadata, on the candidate
 * {@code s[start, end)} in place: they run for every phone-shaped stretch of a trace, so
 * they copy nothing.
 */
final class PhoneShape {
    private PhoneShape() {
    }

    /**
     * Phone numbers are written in groups of two or more digits; a one-digit group occurs
     * only near the start (a country code, trunk or area digit: "+1 ...", "1-800-...",
     * "+33 1 42 ...", "+46 (0)8 ...") or in parentheses ("(0)"). This rejects lists like
     * "1 2 3 4 5 6 7" before any parsing.
     */
    static boolean groupsPlausible(String s, int start, int end) {
        int singleAllowed = s.charAt(start) == '+' ? 3 : 1;
        int groupStart = -1;
        int groupIndex = 0;
        for (int i = start; i <= end; i++) {
            boolean digit = i < end && Chars.digit(s.charAt(i));
            if (digit && groupStart < 0) {
                groupStart = i;
            } else if (!digit && groupStart >= 0) {
                boolean parenthesised = groupStart > start && s.charAt(groupStart - 1) == '('
                        && i < end && s.charAt(i) == ')';
                if (i - groupStart == 1 && groupIndex >= singleAllowed && !parenthesised) {
                    return false;
                }
                groupIndex++;
                groupStart = -1;
            }
        }
        return true;
    }

    /** Three digit groups with one kind of separator, one group a year: a date, not a phone. */
    static boolean date(String s, int start, int end) {
        int first = 0;
        int second = 0;
        int groups = 0;
        char sep = 0;
        int len = 0;
        for (int i = start; i < end; i++) {
            char ch = s.charAt(i);
            if (Chars.digit(ch)) {
                len++;
                continue;
            }
            if (ch != '-' && ch != '/' && ch != '.' || (sep != 0 && ch != sep) || groups == 2) {
                return false;
            }
            sep = ch;
            if (groups == 0) {
                first = len;
            } else {
                second = len;
            }
            groups++;
            len = 0;
        }
        if (groups != 2) {
            return false;
        }
        int third = len;
        boolean yearFirst = first == 4 && second <= 2 && third <= 2;
        boolean yearLast = third == 4 && first <= 2 && second <= 2;
        return yearFirst || yearLast;
    }

    /** The digits of the number proper, without those of an extension. */
    static String mainDigits(String s, int start, int end) {
        StringBuilder digits = new StringBuilder(16);
        for (int i = start; i < end; i++) {
            char c = s.charAt(i);
            if (Chars.digit(c)) {
                digits.append(c);
            } else if (Chars.asciiLetter(c) || c == '#') {
                break;
            }
        }
        return digits.toString();
    }
}
