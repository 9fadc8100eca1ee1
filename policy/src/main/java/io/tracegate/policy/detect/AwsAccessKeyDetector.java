package io.tracegate.policy.detect;

/**
 * AWS credentials: access key ids ({@code AKIA}, {@code ASIA} and the other documented
 * four-letter prefixes followed by 16 upper-case letters or digits) and secret access keys
 * (40 base64 characters) assigned to a key whose name says so, e.g.
 * {@code aws_secret_access_key = ...} or {@code "SecretAccessKey": "..."}. A bare 40-character
 * string is not reported here: without the name it is indistinguishable from a hash.
 */
final class AwsAccessKeyDetector implements Detector {
    static final String TYPE = "aws_access_key";
    private static final String[] PREFIXES = {
        "AKIA", "ASIA", "ABIA", "ACCA", "AGPA", "AIDA", "AIPA", "ANPA", "ANVA", "APKA", "AROA"};
    private static final String[] SECRET_NAMES = {"secret_access_key", "secretaccesskey", "aws_secret_key"};
    private static final String SECRET = "secret";

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
        return 95;
    }

    @Override
    public void scan(ScanText scanText, FindingSink sink) {
        // Key ids start with "A"; the secret-key names all hold "secret".
        if (!scanText.mayContain('A') && !scanText.mayContain('s') && !scanText.mayContain('S')) {
            return;
        }
        String s = scanText.text();
        Ranges found = new Ranges();
        int a = s.indexOf('A');
        while (a >= 0 && a + 20 <= s.length()) {
            if (keyId(s, a)) {
                found.add(a, a + 20);
                a = s.indexOf('A', a + 20);
            } else {
                a = s.indexOf('A', a + 1);
            }
        }
        // Every secret name contains "secret": one search finds them all.
        String lower = scanText.lower();
        int secret = lower.indexOf(SECRET);
        while (secret >= 0) {
            for (String name : SECRET_NAMES) {
                int k = secret - name.indexOf(SECRET);
                if (k >= 0 && lower.startsWith(name, k)) {
                    Assignment value = Assignment.after(s, k + name.length());
                    if (value != null && value.valueEnd() - value.valueStart() == 40
                            && base64(s, value.valueStart(), value.valueEnd())) {
                        found.add(value.valueStart(), value.valueEnd());
                    }
                }
            }
            secret = lower.indexOf(SECRET, secret + 1);
        }
        found.emit(sink);
    }

    private static boolean keyId(String s, int a) {
        if (!Chars.boundaryBefore(s, a) || !Chars.boundaryAfter(s, a + 20)) {
            return false;
        }
        boolean prefix = false;
        for (String p : PREFIXES) {
            if (s.startsWith(p, a)) {
                prefix = true;
                break;
            }
        }
        if (!prefix) {
            return false;
        }
        for (int i = a + 4; i < a + 20; i++) {
            char c = s.charAt(i);
            if (!Chars.upper(c) && !Chars.digit(c)) {
                return false;
            }
        }
        return true;
    }

    private static boolean base64(String s, int start, int end) {
        for (int i = start; i < end; i++) {
            char c = s.charAt(i);
            if (!Chars.asciiAlnum(c) && c != '+' && c != '/' && c != '=') {
                return false;
            }
        }
        return true;
    }
}
