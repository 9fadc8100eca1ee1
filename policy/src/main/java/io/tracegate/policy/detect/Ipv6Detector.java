package io.tracegate.policy.detect;

/**
 * IPv6 addresses: eight groups of one to four hex digits, or fewer around one {@code ::},
 * optionally ending in a dotted IPv4 address. The address must contain a digit, so
 * {@code Abc::Def} in code is not one; times such as {@code 12:30:45} and MAC addresses lack
 * the eight groups or the {@code ::} and are not either.
 */
final class Ipv6Detector implements Detector {
    static final String TYPE = "ipv6";
    private static final int MAX_LENGTH = 45;

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
        return 56;
    }

    @Override
    public void scan(ScanText scanText, FindingSink sink) {
        if (!scanText.mayContain(':')) {
            return;
        }
        String s = scanText.text();
        int n = s.length();
        int resume = 0;
        // Every address has a colon within its first five characters: start from colons.
        int colon = s.indexOf(':');
        while (colon >= 0) {
            int start = colon;
            while (start > resume && colon - start < 4 && Chars.hex(s.charAt(start - 1))) {
                start--;
            }
            int found = -1;
            if (start >= resume && startBoundary(s, start)) {
                int end = start;
                while (end < n && end - start < MAX_LENGTH
                        && (Chars.hex(s.charAt(end)) || s.charAt(end) == ':' || s.charAt(end) == '.')) {
                    end++;
                }
                if (end >= n || !Chars.alnum(s.charAt(end))) {
                    // Sentence punctuation may follow: "reach ::1." or "at fe80::1:".
                    for (int e = end; e > start && e >= end - 1; e--) {
                        if (Chars.hex(s.charAt(e - 1)) && valid(s, start, e)) {
                            found = e;
                            break;
                        }
                    }
                }
            }
            if (found > 0) {
                sink.found(start, found);
                resume = found;
                colon = s.indexOf(':', found);
            } else {
                // Colons further along this run are not address starts (their left side is taken).
                int next = colon + 1;
                while (next < n && s.charAt(next) == ':') {
                    next++;
                }
                colon = s.indexOf(':', next);
            }
        }
    }

    private static boolean startBoundary(String s, int i) {
        if (i == 0) {
            return true;
        }
        char p = s.charAt(i - 1);
        return !Chars.alnum(p) && p != ':' && p != '.';
    }

    /** Parses {@code s[start, end)} as an IPv6 address. */
    static boolean valid(String s, int start, int end) {
        int groups = 0;
        boolean compressed = false;
        boolean digit = false;
        int p = start;
        if (s.startsWith("::", p)) {
            compressed = true;
            p += 2;
            if (p == end) {
                return false;
            }
        } else if (s.charAt(p) == ':') {
            return false;
        }
        while (p < end) {
            int gs = p;
            while (p < end && Chars.hex(s.charAt(p))) {
                digit |= Chars.digit(s.charAt(p));
                p++;
            }
            if (p < end && s.charAt(p) == '.') {
                // Embedded IPv4 tail: must be the last part and count as two groups.
                int quadEnd = Ipv4Detector.quadEnd(s, gs);
                if (quadEnd != end) {
                    return false;
                }
                groups += 2;
                digit = true;
                p = end;
                break;
            }
            int len = p - gs;
            if (len == 0 || len > 4) {
                return false;
            }
            groups++;
            if (p == end) {
                break;
            }
            // p is at ':'
            if (p + 1 < end && s.charAt(p + 1) == ':') {
                if (compressed) {
                    return false;
                }
                compressed = true;
                p += 2;
                if (p == end) {
                    break;
                }
            } else {
                p++;
                if (p == end) {
                    return false;
                }
            }
        }
        return digit && (compressed ? groups <= 7 && groups >= 1 : groups == 8);
    }
}
