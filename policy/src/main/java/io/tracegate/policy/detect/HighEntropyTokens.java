package io.tracegate.policy.detect;

import java.util.Arrays;

/**
 * Random-looking tokens (API keys, session secrets) recognised by their shape alone.
 *
 * <p>A candidate is a maximal run of {@code [A-Za-z0-9+/_-]} with up to two trailing
 * {@code =} (base64 padding; an {@code =} inside is an assignment), 24 to 256 characters. The
 * rules are tuned for precision, since a false positive rewrites a harmless identifier:
 * <ul>
 *   <li>at least two upper-case letters, two lower-case letters and two digits: hex digests,
 *       UUIDs and git hashes (one letter case) and words or file paths (few digits) fall out;
 *   <li>character classes change often (at least a third of adjacent pairs), and less than
 *       40% of the characters sit in runs of three or more lower-case letters: random strings
 *       have few such runs, camelCase identifiers such as {@code getUserAccountById2024Handler}
 *       are mostly made of them;
 *   <li>Shannon entropy over the characters of at least {@code min(4.5, 0.85 log2 n)} bits;
 *   <li>no path-like runs: a token with a {@code /} must keep those rules in its longest
 *       {@code /}-separated piece too.
 * </ul>
 * Longer runs are data (base64 images, blobs) rather than credentials and are left alone.
 */
final class HighEntropyTokens {
    static final int MIN_LENGTH = 24;
    static final int MAX_LENGTH = 256;

    private HighEntropyTokens() {
    }

    /**
     * Every qualifying token contains digits, so the scan starts from the digit runs and
     * widens each to its token, instead of walking every character of the text.
     */
    static void scan(ScanText text, Ranges found) {
        String s = text.text();
        int n = s.length();
        int[] counts = null;
        int runs = text.digitRunCount();
        int k = 0;
        while (k < runs) {
            int runStart = text.digitRunStart(k);
            int runEnd = text.digitRunEnd(k);
            // A number standing alone (no token character on either side) is its own token,
            // and too short unless it is a long run of digits: most numbers end here.
            if (runEnd - runStart + 2 < MIN_LENGTH && (runStart == 0 || !tokenChar(s.charAt(runStart - 1)))
                    && (runEnd == n || !tokenChar(s.charAt(runEnd)))) {
                k++;
                continue;
            }
            int start = runStart;
            while (start > 0 && tokenChar(s.charAt(start - 1)) && text.digitRunStart(k) - start <= MAX_LENGTH) {
                start--;
            }
            int end = text.digitRunEnd(k);
            while (end < n && tokenChar(s.charAt(end)) && end - start <= MAX_LENGTH) {
                end++;
            }
            for (int pad = 0; pad < 2 && end < n && s.charAt(end) == '='; pad++) {
                end++;
            }
            int len = end - start;
            boolean candidate = len >= MIN_LENGTH && len <= MAX_LENGTH
                    && (start == 0 || !Chars.alnum(s.charAt(start - 1))) && (end == n || !Chars.alnum(s.charAt(end)));
            if (candidate) {
                if (counts == null) {
                    counts = new int[128];
                }
                if (random(s, start, end, counts) && notPath(s, start, end, counts)) {
                    found.add(start, end);
                }
            }
            k = text.nextDigitRun(k + 1, end);
        }
    }

    private static boolean tokenChar(char c) {
        return Chars.asciiAlnum(c) || c == '+' || c == '/' || c == '_' || c == '-';
    }

    private static boolean notPath(String s, int start, int end, int[] counts) {
        int slash = s.indexOf('/', start);
        if (slash < 0 || slash >= end) {
            return true;
        }
        int bestStart = start;
        int bestLen = 0;
        int pieceStart = start;
        for (int i = start; i <= end; i++) {
            if (i == end || s.charAt(i) == '/') {
                if (i - pieceStart > bestLen) {
                    bestLen = i - pieceStart;
                    bestStart = pieceStart;
                }
                pieceStart = i + 1;
            }
        }
        return bestLen >= MIN_LENGTH / 2 && random(s, bestStart, bestStart + bestLen, counts);
    }

    static boolean random(String s, int start, int end, int[] counts) {
        int upper = 0;
        int lower = 0;
        int digits = 0;
        int transitions = 0;
        int previousClass = -1;
        int lowerRun = 0;
        int inWords = 0;
        Arrays.fill(counts, 0);
        for (int i = start; i < end; i++) {
            char c = s.charAt(i);
            counts[c]++;
            int cls;
            if (Chars.upper(c)) {
                upper++;
                cls = 0;
            } else if (Chars.lower(c)) {
                lower++;
                cls = 1;
            } else if (Chars.digit(c)) {
                digits++;
                cls = 2;
            } else {
                cls = 3;
            }
            if (previousClass >= 0 && cls != previousClass) {
                transitions++;
            }
            if (cls == 1) {
                lowerRun++;
                if (lowerRun == 3) {
                    inWords += 3;
                } else if (lowerRun > 3) {
                    inWords++;
                }
            } else {
                lowerRun = 0;
            }
            previousClass = cls;
        }
        int len = end - start;
        if (upper < 2 || lower < 2 || digits < 2 || transitions * 3 < len - 1 || inWords * 10 >= len * 4) {
            return false;
        }
        double entropy = 0;
        for (int count : counts) {
            if (count > 0) {
                double p = (double) count / len;
                entropy -= p * Math.log(p);
            }
        }
        entropy /= Math.log(2);
        double threshold = Math.min(4.5, 0.85 * Math.log(len) / Math.log(2));
        return entropy >= threshold;
    }
}
