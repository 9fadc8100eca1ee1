package io.tracegate.protocol.auth;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The stand-in verifier for a user that does not exist, as PostgreSQL's {@code mock_scram_secret}
 * makes one: derived from a server secret and the user name, so the same name always gets the
 * same salt (a probing client cannot tell a real user from a made-up one by asking twice) and
 * nobody without the secret can predict it.
 */
final class MockVerifier {

    /** The secret must be at least this long; PostgreSQL's mock nonce is 32 bytes. */
    static final int MIN_SECRET_LENGTH = 16;

    private MockVerifier() {
    }

    static ScramVerifier of(String username, byte[] serverSecret, int iterations) {
        if (serverSecret.length < MIN_SECRET_LENGTH) {
            throw new IllegalArgumentException("server secret must be at least " + MIN_SECRET_LENGTH
                    + " bytes, got " + serverSecret.length);
        }
        byte[] salt = Arrays.copyOf(derive(serverSecret, "salt", username), ScramVerifier.DEFAULT_SALT_LENGTH);
        return new ScramVerifier(
                iterations,
                salt,
                derive(serverSecret, "stored-key", username),
                derive(serverSecret, "server-key", username));
    }

    /** HMAC(secret, label NUL username): the NUL keeps ("ab", "c") and ("a", "bc") apart. */
    private static byte[] derive(byte[] serverSecret, String label, String username) {
        byte[] data = (label + '\0' + username).getBytes(StandardCharsets.UTF_8);
        return ScramFunctions.hmac(serverSecret, data);
    }
}
