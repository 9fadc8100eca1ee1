package io.tracegate.policy.detect;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;

/**
 * Secrets without a recognisable format of their own, found two ways.
 *
 * <p>Assignments: a value assigned to an identifier whose name ends in a secret word
 * ({@code password}, {@code secret}, {@code token}, {@code api_key}, {@code private_key},
 * {@code authorization}, ...), in the forms {@link Assignment} knows: {@code DB_PASSWORD=x},
 * {@code api_key: x}, {@code "token": "x"}. The name must end in the word, so
 * {@code max_tokens: 100} or {@code tokenizer = x} do not count. Only the value is reported.
 * To stay precise in prose ("the token: we need..."), an unquoted value must look like a
 * secret: six or more characters with a digit, a symbol or inner capitals, or sixteen
 * characters or more. Placeholders and references ({@code ***}, {@code ${VAR}},
 * {@code <redacted>}, {@code null}) are skipped. After {@code Authorization:}, the
 * scheme word ({@code Bearer}, {@code Basic}) is kept and the credential reported.
 *
 * <p>High-entropy tokens: see {@link HighEntropyTokens}.
 */
final class GenericSecretDetector implements Detector {
    static final String TYPE = "generic_secret";
    private static final int MIN_UNQUOTED = 6;
    private static final int LONG_UNQUOTED = 16;
    private static final int MIN_QUOTED = 3;

    /** Secret words an identifier may end with, lower case. */
    private static final String[] SUFFIXES = {
        "password", "passwd", "passphrase", "secret", "token", "apikey", "api_key", "api-key",
        "secret_key", "secretkey", "secret-key", "private_key", "privatekey", "private-key",
        "access_key", "accesskey", "signing_key", "encryption_key", "master_key", "credentials",
        "credential", "authorization", "auth"};
    private static final Set<String> PLACEHOLDERS = Set.of(
        "null", "none", "nil", "true", "false", "undefined", "redacted", "hidden", "masked",
        "secret", "password", "token", "xxx", "xxxx", "***", "your_api_key", "your-api-key");
    private static final Set<String> AUTH_SCHEMES = Set.of("bearer", "basic", "token", "digest");

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
        return 40;
    }

    @Override
    public void scan(ScanText scanText, FindingSink sink) {
        // Assignments need an operator; high-entropy tokens are found from their digits.
        if (!scanText.mayContain(':') && !scanText.mayContain('=') && !scanText.mayContainDigit()) {
            return;
        }
        String s = scanText.text();
        String lower = scanText.lower();
        Ranges found = new Ranges();
        scanOperator(s, lower, ':', found);
        scanOperator(s, lower, '=', found);
        HighEntropyTokens.scan(scanText, found);
        found.emit(sink);
    }

    private static void scanOperator(String s, String lower, char op, Ranges found) {
        int at = s.indexOf(op);
        while (at >= 0) {
            int keyEnd = keyEndBefore(s, at);
            if (keyEnd > 0 && secretName(lower, keyEnd)) {
                Assignment value = Assignment.after(s, keyEnd);
                if (value != null) {
                    report(s, value, found);
                }
            }
            at = s.indexOf(op, at + 1);
        }
    }

    /** End of the identifier before the operator at {@code op} (spaces and a quote skipped), or -1. */
    private static int keyEndBefore(String s, int op) {
        int p = op;
        while (p > 0 && (s.charAt(p - 1) == ' ' || s.charAt(p - 1) == '\t')) {
            p--;
        }
        if (p > 0 && (s.charAt(p - 1) == '"' || s.charAt(p - 1) == '\'')) {
            p--;
            return p > 0 && Chars.word(s.charAt(p - 1)) ? p : -1;
        }
        if (op - p > 3) {
            return -1;
        }
        return p > 0 && Chars.word(s.charAt(p - 1)) ? p : -1;
    }

    /** The secret words by their last letter, so most keys are ruled out by one lookup. */
    private static final String[][] SUFFIXES_BY_LAST = bySuffixLastChar();

    private static String[][] bySuffixLastChar() {
        String[][] table = new String[128][];
        for (String suffix : SUFFIXES) {
            char last = suffix.charAt(suffix.length() - 1);
            String[] old = table[last] == null ? new String[0] : table[last];
            String[] grown = Arrays.copyOf(old, old.length + 1);
            grown[old.length] = suffix;
            table[last] = grown;
        }
        return table;
    }

    private static boolean secretName(String lower, int keyEnd) {
        char last = lower.charAt(keyEnd - 1);
        String[] candidates = last < 128 ? SUFFIXES_BY_LAST[last] : null;
        if (candidates == null) {
            return false;
        }
        for (String suffix : candidates) {
            int start = keyEnd - suffix.length();
            if (start >= 0 && lower.startsWith(suffix, start)
                    && (start == 0 || !Chars.asciiLetter(lower.charAt(start - 1)) || camelBoundary(lower, start))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The suffix may also follow other letters directly (dbpassword, githubToken); in the
     * lower-cased view camel case is invisible, so any letter is accepted except where that
     * would turn a secret word into another word (e.g. "sauth" is not "auth").
     */
    private static boolean camelBoundary(String lower, int start) {
        return !lower.startsWith("auth", start);
    }

    private static void report(String s, Assignment value, Ranges found) {
        int start = value.valueStart();
        int end = value.valueEnd();
        int wordEnd = start;
        while (wordEnd < end && Chars.asciiLetter(s.charAt(wordEnd))) {
            wordEnd++;
        }
        if (wordEnd > start && AUTH_SCHEMES.contains(s.substring(start, wordEnd).toLowerCase(Locale.ROOT))) {
            if (value.quoted() && wordEnd < end && s.charAt(wordEnd) == ' ') {
                start = wordEnd + 1;
            } else if (!value.quoted() && wordEnd == end && end + 1 < s.length() && s.charAt(end) == ' ') {
                start = end + 1;
                end = start;
                while (end < s.length() && end - start < 512 && !Chars.whitespace(s.charAt(end))
                        && ",;\"'".indexOf(s.charAt(end)) < 0) {
                    end++;
                }
            }
        }
        if (end > start && plausible(s, start, end, value.quoted())) {
            found.add(start, end);
        }
    }

    private static boolean plausible(String s, int start, int end, boolean quoted) {
        int len = end - start;
        String v = s.substring(start, end);
        if (PLACEHOLDERS.contains(v.toLowerCase(Locale.ROOT)) || reference(v) || allSame(v)) {
            return false;
        }
        if (quoted) {
            return len >= MIN_QUOTED;
        }
        if (len < MIN_UNQUOTED) {
            return false;
        }
        if (len >= LONG_UNQUOTED) {
            return true;
        }
        for (int i = 0; i < len; i++) {
            char c = v.charAt(i);
            if (Chars.digit(c) || !Chars.alnum(c) || (i > 0 && Character.isUpperCase(c))) {
                return true;
            }
        }
        return false;
    }

    /** Environment or template references name a secret without containing it. */
    private static boolean reference(String v) {
        char c = v.charAt(0);
        return c == '$' || c == '{' || c == '<' || c == '%' || c == '[' || v.contains("(")
                || v.startsWith("process.env") || v.startsWith("os.environ") || v.startsWith("env.");
    }

    private static boolean allSame(String v) {
        for (int i = 1; i < v.length(); i++) {
            if (v.charAt(i) != v.charAt(0)) {
                return false;
            }
        }
        return true;
    }
}
