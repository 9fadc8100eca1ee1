package io.tracegate.policy.detect;

/**
 * Passwords inside connection addresses: the password of {@code scheme://user:password@host}
 * and the value of {@code password=}, {@code pwd=} or {@code passwd=} in query strings and
 * connection strings ({@code ?user=a&password=b}, {@code Server=x;Password=y;},
 * {@code host=x user=y password=z}). Only the password is reported, so the rest of the
 * address stays readable after masking.
 *
 * <p>A {@code password=} counts as part of a connection string when it follows {@code ?},
 * {@code &} or {@code ;}, or when another connection key (host, user, server, dbname, ...)
 * appears shortly before it; other {@code password = ...} assignments are generic secrets.
 */
final class PasswordInUrlDetector implements Detector {
    static final String TYPE = "password_in_url";
    private static final int MAX_AUTHORITY = 512;
    private static final int CONTEXT_WINDOW = 200;
    private static final String PASSWORD = "password";
    private static final String PASSWD = "passwd";
    private static final String PASSW = "passw";
    private static final String PWD = "pwd";
    private static final String[] CONNECTION_KEYS = {
        "host=", "hostaddr=", "user=", "username=", "uid=", "user id=", "server=", "dbname=",
        "database=", "data source=", "port=", "sslmode="};

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
        return 90;
    }

    @Override
    public void scan(ScanText scanText, FindingSink sink) {
        // User info follows "://"; "password", "passwd" and "pwd" all hold a "w".
        if (!scanText.mayContain(':') && !scanText.mayContain('w') && !scanText.mayContain('W')) {
            return;
        }
        String s = scanText.text();
        Ranges found = new Ranges();
        int sep = s.indexOf("://");
        while (sep >= 0) {
            int next = userInfoPassword(s, sep, found);
            sep = s.indexOf("://", Math.max(next, sep + 3));
        }
        String lower = scanText.lower();
        // "password" and "passwd" share one search for their common start.
        int k = lower.indexOf(PASSW);
        while (k >= 0) {
            if (lower.startsWith(PASSWORD, k)) {
                keyAt(s, lower, k, PASSWORD.length(), found);
            } else if (lower.startsWith(PASSWD, k)) {
                keyAt(s, lower, k, PASSWD.length(), found);
            }
            k = lower.indexOf(PASSW, k + 1);
        }
        k = lower.indexOf(PWD);
        while (k >= 0) {
            keyAt(s, lower, k, PWD.length(), found);
            k = lower.indexOf(PWD, k + PWD.length());
        }
        found.emit(sink);
    }

    /** Reports the value of a connection-string key of {@code length} chars found at {@code k}. */
    private static void keyAt(String s, String lower, int k, int length, Ranges found) {
        int after = k + length;
        int eq = skipSpaces(s, after);
        if (eq < s.length() && s.charAt(eq) == '=' && (k == 0 || !Chars.word(s.charAt(k - 1)))
                && connectionContext(lower, k)) {
            Assignment value = Assignment.after(s, after);
            if (value != null) {
                found.add(value.valueStart(), value.valueEnd());
            }
        }
    }

    /** Reports the password of the authority after {@code ://} at {@code sep}; returns where to go on. */
    private static int userInfoPassword(String s, int sep, Ranges found) {
        if (sep < 2 || !Chars.asciiLetter(s.charAt(sep - 1)) && !Chars.digit(s.charAt(sep - 1))) {
            return sep + 3;
        }
        int start = sep + 3;
        int n = s.length();
        int end = start;
        int colon = -1;
        int at = -1;
        while (end < n && end - start < MAX_AUTHORITY) {
            char c = s.charAt(end);
            if (Chars.whitespace(c) || c == '/' || c == '?' || c == '#' || c == '"' || c == '\'' || c == '<' || c == '>') {
                break;
            }
            if (c == ':' && colon < 0 && at < 0) {
                colon = end;
            } else if (c == '@') {
                at = end; // the last '@' ends the user info: passwords may contain a raw '@'
            }
            end++;
        }
        if (colon >= start && at > colon + 1) {
            found.add(colon + 1, at);
        }
        return end;
    }

    private static boolean connectionContext(String lower, int k) {
        if (k > 0) {
            int p = k - 1;
            while (p > 0 && lower.charAt(p) == ' ') {
                p--;
            }
            char before = lower.charAt(p);
            if (before == '?' || before == '&' || before == ';') {
                return true;
            }
        }
        String window = lower.substring(Math.max(0, k - CONTEXT_WINDOW), k);
        for (String key : CONNECTION_KEYS) {
            if (window.contains(key)) {
                return true;
            }
        }
        return false;
    }

    private static int skipSpaces(String s, int p) {
        while (p < s.length() && s.charAt(p) == ' ') {
            p++;
        }
        return p;
    }
}
