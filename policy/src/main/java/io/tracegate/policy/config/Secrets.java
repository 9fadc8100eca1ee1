package io.tracegate.policy.config;

import java.util.Base64;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Shape checks for the stored secrets of an identity. Only the shape: the wire protocol's SCRAM
 * code lives in {@code protocol}, which {@code policy} must not depend on.
 */
final class Secrets {
    /** {@code SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>}, as in PostgreSQL's pg_authid. */
    private static final Pattern SCRAM = Pattern.compile(
            "SCRAM-SHA-256\\$([0-9]+):([A-Za-z0-9+/=]+)\\$([A-Za-z0-9+/=]+):([A-Za-z0-9+/=]+)");
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-fA-F]{64}");
    private static final int SHA256_BYTES = 32;

    private Secrets() {
    }

    /** @throws IllegalArgumentException saying which part of the verifier is wrong */
    static void checkScramVerifier(String verifier) {
        Matcher matcher = SCRAM.matcher(verifier);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("is not a SCRAM verifier of the form"
                    + " SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey> (`tracegate hash-password` prints one)");
        }
        try {
            if (Integer.parseInt(matcher.group(1)) < 1) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("has an iteration count '" + matcher.group(1) + "' that is not a positive number");
        }
        if (decode(matcher.group(2), "salt").length == 0) {
            throw new IllegalArgumentException("has an empty salt");
        }
        if (decode(matcher.group(3), "StoredKey").length != SHA256_BYTES) {
            throw new IllegalArgumentException("has a StoredKey that is not 32 bytes (a SHA-256 digest)");
        }
        if (decode(matcher.group(4), "ServerKey").length != SHA256_BYTES) {
            throw new IllegalArgumentException("has a ServerKey that is not 32 bytes (an HMAC-SHA-256)");
        }
    }

    private static byte[] decode(String base64, String part) {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("has a " + part + " that is not valid base64");
        }
    }

    /**
     * The digest in lower case.
     *
     * @throws IllegalArgumentException when it is not 64 hex digits
     */
    static String sha256Hex(String digest) {
        if (!SHA256_HEX.matcher(digest).matches()) {
            throw new IllegalArgumentException("is not a SHA-256 digest: expected 64 hex digits, found "
                    + digest.length() + " characters");
        }
        return digest.toLowerCase(Locale.ROOT);
    }
}
