package io.tracegate.protocol.auth;

import java.security.SecureRandom;

/**
 * Turns a password into the SCRAM-SHA-256 verifier the policy file stores, for
 * {@code tracegate hash-password}. The output is what PostgreSQL would store for the same
 * password (with another salt), so it can also be pasted into {@code ALTER ROLE ... PASSWORD}.
 */
public final class PasswordHasher {

    private static final SecureRandom RANDOM = new SecureRandom();

    private PasswordHasher() {
    }

    /** {@code SCRAM-SHA-256$4096:<salt>$<StoredKey>:<ServerKey>} with a fresh 16-byte salt. */
    public static String hashPassword(String password) {
        return ScramVerifier.create(password, ScramVerifier.DEFAULT_ITERATIONS, RANDOM).format();
    }
}
