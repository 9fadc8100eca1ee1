package io.tracegate.policy.mask;

import java.util.List;
import java.util.Set;

/**
 * JSON property names whose values are secrets whatever they look like. A name matches when,
 * lower-cased and stripped of {@code _ - .} and spaces, it ends with one of the secret words
 * ({@code db_password}, {@code X-Api-Key}, {@code clientSecret}, {@code refresh_token}) or is
 * one of a few short card words ({@code cvv}, {@code pin}). {@code max_tokens} and
 * {@code token_count} do not match: the word must end the name.
 */
final class SensitiveKeys {
    private static final List<String> SUFFIXES = List.of(
            "password", "passwd", "pwd", "passphrase", "secret", "token", "apikey", "accesskey",
            "privatekey", "secretkey", "signingkey", "encryptionkey", "authorization", "credentials",
            "credential", "cookie", "sessionid");
    private static final Set<String> EXACT = Set.of("auth", "cvv", "cvc", "cvv2", "pin");

    private SensitiveKeys() {
    }

    static boolean sensitive(String name) {
        StringBuilder folded = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '_' || c == '-' || c == '.' || c == ' ') {
                continue;
            }
            folded.append(Character.toLowerCase(c));
        }
        String key = folded.toString();
        if (EXACT.contains(key)) {
            return true;
        }
        for (String suffix : SUFFIXES) {
            if (key.endsWith(suffix)) {
                return true;
            }
        }
        return false;
    }
}
