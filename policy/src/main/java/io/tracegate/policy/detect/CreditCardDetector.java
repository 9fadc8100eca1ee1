package io.tracegate.policy.detect;

/**
 * Payment card numbers: 13 to 19 digits (12 for Maestro), optionally grouped with single
 * spaces or dashes, Luhn-checked, with a first digit that issuers use.
 *
 * <p>Why these rules and not a bare digit pattern: one random digit string in ten passes
 * Luhn, so the issuer prefix and length table carries most of the precision. Prefix 1 is
 * only UATP/JCB 15-digit numbers, which keeps 13-digit epoch milliseconds out; 7, 8, 9 and 0
 * are not card industries. Maestro numbers may have 12 digits (ISO/IEC 7812 allows it for
 * the Maestro ranges 50 and 56-69), and they do occur in practice; only those prefixes are
 * accepted at that length. Groups must have 3 to 8 digits so lists of small numbers
 * ("1 2 3 4 ...") are not read as one card.
 */
final class CreditCardDetector implements Detector {
    static final String TYPE = "credit_card";
    private static final int MAX_DIGITS = 19;
    /** Upper bound on groups remembered per run; longer runs are scanned window by window. */
    private static final int MAX_GROUPS = 64;

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
        return 80;
    }

    @Override
    public void scan(ScanText scanText, FindingSink sink) {
        if (!scanText.mayContainDigit()) {
            return;
        }
        String s = scanText.text();
        int n = s.length();
        int[] groupStart = null;
        int[] groupEnd = null;
        int runs = scanText.digitRunCount();
        int k = 0;
        while (k < runs) {
            int i = scanText.digitRunStart(k);
            int firstEnd = scanText.digitRunEnd(k);
            // A lone run of fewer than 12 digits, not grouped with the next one, holds no
            // card: most numbers in a trace end here.
            if ((firstEnd - i < 12 && !groupContinues(s, firstEnd))
                    || !Chars.boundaryBefore(s, i) || Chars.joinedBefore(s, i, "._/")
                    || (i >= 2 && s.charAt(i - 1) == '-' && Chars.digit(s.charAt(i - 2)))) {
                k++;
                continue;
            }
            if (groupStart == null) {
                groupStart = new int[MAX_GROUPS];
                groupEnd = new int[MAX_GROUPS];
            }
            // Collect one run of digit groups joined by a single, consistent separator.
            int groups = 0;
            char sep = 0;
            int p = i;
            while (true) {
                int gs = p;
                while (p < n && Chars.digit(s.charAt(p))) {
                    p++;
                }
                groupStart[groups] = gs;
                groupEnd[groups] = p;
                groups++;
                if (groups == MAX_GROUPS || p + 1 >= n) {
                    break;
                }
                char next = s.charAt(p);
                if ((next != ' ' && next != '-') || (sep != 0 && next != sep) || !Chars.digit(s.charAt(p + 1))) {
                    break;
                }
                sep = next;
                p++;
            }
            int runEnd = groupEnd[groups - 1];
            boolean runBoundary = Chars.boundaryAfter(s, runEnd) && !Chars.joinedAfter(s, runEnd, "._/");
            findInRun(s, groupStart, groupEnd, groups, sep, runBoundary, sink);
            k = scanText.nextDigitRun(k + 1, runEnd);
        }
    }

    /** True when a space or dash and another digit group follow the group ending at {@code end}. */
    private static boolean groupContinues(String s, int end) {
        return end + 1 < s.length() && (s.charAt(end) == ' ' || s.charAt(end) == '-') && Chars.digit(s.charAt(end + 1));
    }

    private static void findInRun(String s, int[] gStart, int[] gEnd, int groups, char sep,
                                  boolean runBoundary, FindingSink sink) {
        int g = 0;
        while (g < groups) {
            int found = -1;
            int size = gEnd[g] - gStart[g];
            if (!issuerDigit(s.charAt(gStart[g]))) {
                // No window starting here can pass valid(): skip the Luhn sums.
            } else if (size >= 12) {
                if (edgesOk(g, g, groups, sep, runBoundary) && valid(s, gStart[g], gEnd[g])) {
                    found = g;
                }
            } else {
                int digits = 0;
                int last = g;
                while (last < groups) {
                    int len = gEnd[last] - gStart[last];
                    if (len < 3 || len > 8 || digits + len > MAX_DIGITS) {
                        break;
                    }
                    digits += len;
                    last++;
                }
                // Widest window first: a 16-digit card wins over its 13-digit prefix. Windows
                // of fewer than 12 digits fail valid(), and only get shorter from there.
                for (int end = last - 1; end > g && digits >= 12; end--) {
                    if (edgesOk(g, end, groups, sep, runBoundary) && valid(s, gStart[g], gEnd[end])) {
                        found = end;
                        break;
                    }
                    digits -= gEnd[end] - gStart[end];
                }
            }
            if (found >= 0) {
                sink.found(gStart[g], gEnd[found]);
                g = found + 1;
            } else {
                g++;
            }
        }
    }

    /** First digits that {@link #valid} accepts: 0, 7, 8 and 9 start no card number. */
    private static boolean issuerDigit(char first) {
        return first >= '1' && first <= '6';
    }

    /**
     * A window of groups may stop short of its run only where spaces separate it from the
     * rest ("4111 1111 1111 1111 2024"); inside a dashed run it is part of some other code.
     */
    private static boolean edgesOk(int first, int last, int groups, char sep, boolean runBoundary) {
        boolean left = first == 0 || sep == ' ';
        boolean right = last == groups - 1 ? runBoundary : sep == ' ';
        return left && right;
    }

    /** Digits in {@code [start, end)} (separators skipped) form a plausible card number. */
    static boolean valid(String s, int start, int end) {
        int count = 0;
        int sum = 0;
        for (int i = end - 1; i >= start; i--) {
            char c = s.charAt(i);
            if (!Chars.digit(c)) {
                continue;
            }
            int d = c - '0';
            if ((count & 1) == 1) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            count++;
        }
        if (count < 12 || count > MAX_DIGITS || sum % 10 != 0) {
            return false;
        }
        int first = -1;
        int second = -1;
        for (int i = start; i < end && second < 0; i++) {
            char c = s.charAt(i);
            if (Chars.digit(c)) {
                if (first < 0) {
                    first = c - '0';
                } else {
                    second = c - '0';
                }
            }
        }
        switch (first) {
            case 1:
                return count == 15;
            case 2:
                return count == 15 || count == 16;
            case 3:
                return count >= 14;
            case 4:
                return count >= 13;
            case 5:
            case 6:
                return count >= 13 || maestro(first, second);
            default:
                return false;
        }
    }

    private static boolean maestro(int first, int second) {
        return (first == 5 && (second == 0 || second >= 6)) || first == 6;
    }
}
