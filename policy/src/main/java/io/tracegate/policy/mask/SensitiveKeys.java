package io.tracegate.policy.mask;

/**
 * JSON property names whose values are secrets whatever they look like. A name matches when,
 * lower-cased and stripped of {@code _ - .} and spaces, it ends with one of the secret words
 * ({@code db_password}, {@code X-Api-Key}, {@code clientSecret}, {@code refresh_token}) or is
 * one of a few short card words ({@code cvv}, {@code pin}). {@code max_tokens} and
 * {@code token_count} do not match: the word must end the name.
 */
final class SensitiveKeys {
    private static final String[] SUFFIXES = {
        "password", "passwd", "pwd", "passphrase", "secret", "token", "apikey", "accesskey",
        "privatekey", "secretkey", "signingkey", "encryptionkey", "authorization", "credentials",
        "credential", "cookie", "sessionid"};
    private static final String[] EXACT = {"auth", "cvv", "cvc", "cvv2", "pin"};

    private SensitiveKeys() {
    }

    /** Runs for every property name of every JSON value written, so it folds into an array, not a string. */
    static boolean sensitive(String name) {
        char[] folded = new char[name.length()];
        int length = 0;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '_' || c == '-' || c == '.' || c == ' ') {
                continue;
            }
            folded[length++] = Character.toLowerCase(c);
        }
        for (String word : EXACT) {
            if (word.length() == length && endsWith(folded, length, word)) {
                return true;
            }
        }
        for (String suffix : SUFFIXES) {
            if (endsWith(folded, length, suffix)) {
                return true;
            }
        }
        return false;
    }

    private static boolean endsWith(char[] folded, int length, String suffix) {
        int offset = length - suffix.length();
        if (offset < 0) {
            return false;
        }
        for (int i = 0; i < suffix.length(); i++) {
            if (folded[offset + i] != suffix.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
