package io.tracegate.policy.detect;

/**
 * PEM private key blocks ({@code -----BEGIN RSA PRIVATE KEY-----} ... {@code -----END ...-----},
 * also EC, DSA, OPENSSH, ENCRYPTED, PKCS#8 and PGP private key blocks), from the BEGIN line
 * through the END line. A block cut short without its END line is masked through the last
 * line that looks like key material (base64 or a {@code Name: value} header), lines being
 * separated by real newlines or by the two characters {@code \n} as in escaped strings.
 */
final class PrivateKeyDetector implements Detector {
    static final String TYPE = "private_key";
    private static final String BEGIN = "-----BEGIN ";
    private static final String END = "-----END ";
    private static final String DASHES = "-----";
    private static final int MAX_LABEL = 40;

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
        return 100;
    }

    @Override
    public void scan(ScanText scanText, FindingSink sink) {
        if (!scanText.mayContain('-') || !scanText.mayContain('B')) {
            return;
        }
        String s = scanText.text();
        int nextEnd = -2; // cached END position so a text of many BEGINs stays linear
        int b = s.indexOf(BEGIN);
        while (b >= 0) {
            int labelEnd = s.indexOf(DASHES, b + BEGIN.length());
            if (labelEnd < 0) {
                return;
            }
            if (labelEnd - b - BEGIN.length() > MAX_LABEL || !privateLabel(s, b + BEGIN.length(), labelEnd)) {
                b = s.indexOf(BEGIN, b + BEGIN.length());
                continue;
            }
            int bodyStart = labelEnd + DASHES.length();
            if (nextEnd != -1 && nextEnd < bodyStart) {
                nextEnd = s.indexOf(END, bodyStart);
            }
            int blockEnd;
            int nextBegin = s.indexOf(BEGIN, bodyStart);
            if (nextEnd >= 0 && (nextBegin < 0 || nextEnd < nextBegin)) {
                int close = s.indexOf(DASHES, nextEnd + END.length());
                blockEnd = close >= 0 && close - nextEnd <= MAX_LABEL + END.length()
                        ? close + DASHES.length() : nextEnd + END.length();
            } else {
                blockEnd = truncatedBodyEnd(s, bodyStart, nextBegin < 0 ? s.length() : nextBegin);
            }
            sink.found(b, blockEnd);
            b = s.indexOf(BEGIN, blockEnd);
        }
    }

    private static boolean privateLabel(String s, int start, int end) {
        String label = s.substring(start, end);
        return label.endsWith("PRIVATE KEY") || label.endsWith("PRIVATE KEY BLOCK");
    }

    /** End of the key-material lines from {@code from}, stopping before {@code limit}. */
    private static int truncatedBodyEnd(String s, int from, int limit) {
        int end = from;
        int p = from;
        while (p < limit) {
            int lineStart = p;
            while (p < limit && s.charAt(p) != '\n' && s.charAt(p) != '\r' && !s.startsWith("\\n", p)) {
                p++;
            }
            if (!keyLine(s, lineStart, p)) {
                break;
            }
            end = p;
            if (p < limit) {
                p += s.charAt(p) == '\\' ? 2 : 1;
            }
        }
        return end;
    }

    private static boolean keyLine(String s, int start, int end) {
        int colon = -1;
        for (int i = start; i < end; i++) {
            char c = s.charAt(i);
            if (c == ':' && colon < 0) {
                colon = i;
            } else if (!(Chars.asciiAlnum(c) || c == '+' || c == '/' || c == '=' || (colon >= 0 && (c == ' ' || c == ',' || c == '-'))
                    || (colon < 0 && c == '-'))) {
                return false;
            }
        }
        return true;
    }
}
