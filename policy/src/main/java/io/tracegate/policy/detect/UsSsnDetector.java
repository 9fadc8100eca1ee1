package io.tracegate.policy.detect;

/**
 * US social security numbers: {@code AAA-GG-SSSS} or {@code AAA GG SSSS}, and nine bare
 * digits when "ssn" or "social security" comes shortly before (nine digits alone are too
 * often something else). The area may not be 000, 666 or 900-999, the group not 00, the
 * serial not 0000: the SSA never issues those.
 */
final class UsSsnDetector implements Detector {
    static final String TYPE = "us_ssn";
    private static final int CONTEXT_WINDOW = 40;

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
        return 75;
    }

    @Override
    public void scan(ScanText scanText, FindingSink sink) {
        if (!scanText.mayContainDigit()) {
            return;
        }
        String s = scanText.text();
        int n = s.length();
        int runs = scanText.digitRunCount();
        int k = 0;
        while (k < runs) {
            int runStart = scanText.digitRunStart(k);
            int i = scanText.digitRunEnd(k);
            k++;
            int len = i - runStart;
            // Only a three-digit area (AAA-GG-SSSS) or nine bare digits can start a number.
            if ((len != 3 && len != 9) || !Chars.boundaryBefore(s, runStart) || Chars.joinedBefore(s, runStart, "-./_")) {
                continue;
            }
            int end = -1;
            if (len == 3 && i + 8 <= n) {
                char sep = s.charAt(i);
                if ((sep == '-' || sep == ' ') && digits(s, i + 1, 2) && s.charAt(i + 3) == sep && digits(s, i + 4, 4)) {
                    end = i + 8;
                }
            } else if (len == 9 && hasContext(scanText, runStart)) {
                end = i;
            }
            if (end > 0 && Chars.boundaryAfter(s, end) && !Chars.joinedAfter(s, end, "-./_")
                    && valid(s, runStart, end)) {
                sink.found(runStart, end);
                k = scanText.nextDigitRun(k, end);
            }
        }
    }

    private static boolean digits(String s, int from, int count) {
        for (int k = from; k < from + count; k++) {
            if (!Chars.digit(s.charAt(k))) {
                return false;
            }
        }
        return true;
    }

    private static boolean hasContext(ScanText text, int at) {
        String lower = text.lower();
        int from = Math.max(0, at - CONTEXT_WINDOW);
        String window = lower.substring(from, at);
        return window.contains("ssn") || window.contains("social security") || window.contains("soc sec");
    }

    static boolean valid(String s, int start, int end) {
        int[] d = new int[9];
        int k = 0;
        for (int i = start; i < end && k < 9; i++) {
            char c = s.charAt(i);
            if (Chars.digit(c)) {
                d[k++] = c - '0';
            }
        }
        int area = d[0] * 100 + d[1] * 10 + d[2];
        int group = d[3] * 10 + d[4];
        int serial = d[5] * 1000 + d[6] * 100 + d[7] * 10 + d[8];
        return k == 9 && area != 0 && area != 666 && area < 900 && group != 0 && serial != 0;
    }
}
