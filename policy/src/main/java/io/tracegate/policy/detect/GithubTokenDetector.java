package io.tracegate.policy.detect;

/**
 * GitHub tokens by their documented prefixes: {@code ghp_}, {@code gho_}, {@code ghu_},
 * {@code ghs_}, {@code ghr_} followed by at least 30 alphanumerics (36 today), and
 * fine-grained {@code github_pat_} tokens.
 */
final class GithubTokenDetector implements Detector {
    static final String TYPE = "github_token";
    private static final int MIN_CLASSIC = 30;
    private static final int MIN_FINE_GRAINED = 22;
    private static final int MAX = 255;

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
        // Both token forms start with "gh" and hold an underscore ("ghp_", "github_pat_").
        if (!scanText.mayContain('_') || !scanText.mayContain('g') || !scanText.mayContain('h')) {
            return;
        }
        String s = scanText.text();
        Ranges found = new Ranges();
        int g = s.indexOf("gh");
        while (g >= 0) {
            int end = -1;
            if (g + 4 <= s.length() && "posur".indexOf(s.charAt(g + 2)) >= 0 && s.charAt(g + 3) == '_') {
                end = tokenEnd(s, g + 4, false, MIN_CLASSIC);
            }
            if (end > 0 && Chars.boundaryBefore(s, g)) {
                found.add(g, end);
                g = s.indexOf("gh", end);
            } else {
                g = s.indexOf("gh", g + 2);
            }
        }
        int p = s.indexOf("github_pat_");
        while (p >= 0) {
            int end = tokenEnd(s, p + 11, true, MIN_FINE_GRAINED);
            if (end > 0 && Chars.boundaryBefore(s, p)) {
                found.add(p, end);
            }
            p = s.indexOf("github_pat_", p + 11);
        }
        found.emit(sink);
    }

    private static int tokenEnd(String s, int from, boolean underscore, int min) {
        int i = from;
        while (i < s.length() && i - from <= MAX && (Chars.asciiAlnum(s.charAt(i)) || (underscore && s.charAt(i) == '_'))) {
            i++;
        }
        return i - from >= min && Chars.boundaryAfter(s, i) ? i : -1;
    }
}
