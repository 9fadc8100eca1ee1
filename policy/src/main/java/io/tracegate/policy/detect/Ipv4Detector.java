package io.tracegate.policy.detect;

/**
 * IPv4 addresses in dotted-quad form, each octet 0-255 without leading zeros, not glued to
 * further dotted numbers (so the middle of {@code 1.2.3.4.5} is not an address).
 */
final class Ipv4Detector implements Detector {
    static final String TYPE = "ipv4";

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
        return 55;
    }

    @Override
    public void scan(ScanText scanText, FindingSink sink) {
        if (!scanText.mayContainDigit()) {
            return;
        }
        String s = scanText.text();
        int runs = scanText.digitRunCount();
        int k = 0;
        int n = s.length();
        while (k < runs) {
            int i = scanText.digitRunStart(k);
            int runEnd = scanText.digitRunEnd(k);
            // An address starts with an octet of at most three digits and a dot: most
            // numbers in a trace fail that before anything else is looked at.
            if (runEnd - i > 3 || runEnd >= n || s.charAt(runEnd) != '.'
                    || !Chars.boundaryBefore(s, i) || Chars.joinedBefore(s, i, ".")) {
                k++;
                continue;
            }
            int end = quadEnd(s, i);
            if (end > 0 && Chars.boundaryAfter(s, end) && !Chars.joinedAfter(s, end, ".")) {
                sink.found(i, end);
                k = scanText.nextDigitRun(k + 1, end);
            } else {
                k++;
            }
        }
    }

    /** End of four dotted octets starting at {@code start}, or -1. */
    static int quadEnd(String s, int start) {
        return quadEnd(s, start, s.length());
    }

    /** Like {@link #quadEnd(String, int)} reading nothing at or past {@code limit}. */
    static int quadEnd(String s, int start, int limit) {
        int n = limit;
        int p = start;
        for (int octet = 0; octet < 4; octet++) {
            if (octet > 0) {
                if (p >= n || s.charAt(p) != '.') {
                    return -1;
                }
                p++;
            }
            int digitsStart = p;
            int value = 0;
            while (p < n && Chars.digit(s.charAt(p)) && p - digitsStart < 3) {
                value = value * 10 + (s.charAt(p) - '0');
                p++;
            }
            int len = p - digitsStart;
            if (len == 0 || value > 255 || (len > 1 && s.charAt(digitsStart) == '0')
                    || (p < n && Chars.digit(s.charAt(p)))) {
                return -1;
            }
        }
        return p;
    }
}
