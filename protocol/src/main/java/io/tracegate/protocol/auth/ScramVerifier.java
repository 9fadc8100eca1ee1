package io.tracegate.protocol.auth;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;

/**
 * A SCRAM-SHA-256 verifier ("secret" in PostgreSQL's words): what a server stores instead of a
 * password. Its text form is the one PostgreSQL keeps in {@code pg_authid.rolpassword}:
 * <pre>SCRAM-SHA-256$&lt;iterations&gt;:&lt;base64 salt&gt;$&lt;base64 StoredKey&gt;:&lt;base64 ServerKey&gt;</pre>
 * so a verifier can be copied between PostgreSQL and the Tracegate policy file either way.
 *
 * <p>Passwords are normalised with SASLprep as PostgreSQL does it, falling back to the raw
 * UTF-8 bytes when SASLprep rejects them (see the package documentation).
 *
 * @param iterations the PBKDF2 iteration count, at least 1
 * @param salt       the salt, not empty
 * @param storedKey  {@code H(ClientKey)}, 32 bytes
 * @param serverKey  {@code HMAC(SaltedPassword, "Server Key")}, 32 bytes
 */
public record ScramVerifier(int iterations, byte[] salt, byte[] storedKey, byte[] serverKey) {

    /** The mechanism name, also the first field of the text form. */
    public static final String MECHANISM = "SCRAM-SHA-256";

    /** PostgreSQL's default {@code scram_iterations}. */
    public static final int DEFAULT_ITERATIONS = 4096;

    /** PostgreSQL's salt length ({@code SCRAM_DEFAULT_SALT_LEN}). */
    public static final int DEFAULT_SALT_LENGTH = 16;

    private static final String FORMAT =
            MECHANISM + "$<iterations>:<base64 salt>$<base64 StoredKey>:<base64 ServerKey>";

    /** Validates and copies the arrays, so a verifier cannot be changed after the fact. */
    public ScramVerifier {
        if (iterations < 1) {
            throw new IllegalArgumentException("SCRAM iteration count must be at least 1, got " + iterations);
        }
        if (salt.length == 0) {
            throw new IllegalArgumentException("SCRAM salt must not be empty");
        }
        requireKeyLength("StoredKey", storedKey);
        requireKeyLength("ServerKey", serverKey);
        salt = salt.clone();
        storedKey = storedKey.clone();
        serverKey = serverKey.clone();
    }

    /**
     * Parses PostgreSQL's text form.
     *
     * @throws IllegalArgumentException naming what is wrong; the message never repeats the keys
     */
    public static ScramVerifier parse(String text) {
        Objects.requireNonNull(text, "verifier");
        String[] fields = text.split("\\$", -1);
        if (fields.length != 3 || !fields[0].equals(MECHANISM)) {
            throw new IllegalArgumentException("not a SCRAM-SHA-256 verifier: expected " + FORMAT);
        }
        String[] iterationsAndSalt = fields[1].split(":", -1);
        String[] keys = fields[2].split(":", -1);
        if (iterationsAndSalt.length != 2 || keys.length != 2) {
            throw new IllegalArgumentException("malformed SCRAM-SHA-256 verifier: expected " + FORMAT);
        }
        return new ScramVerifier(
                parseIterations(iterationsAndSalt[0]),
                decode("salt", iterationsAndSalt[1], 0),
                decode("StoredKey", keys[0], ScramFunctions.KEY_LENGTH),
                decode("ServerKey", keys[1], ScramFunctions.KEY_LENGTH));
    }

    /** A verifier for {@code password} with a fresh 16-byte salt and {@code iterations} rounds. */
    public static ScramVerifier create(String password, int iterations, SecureRandom random) {
        byte[] salt = new byte[DEFAULT_SALT_LENGTH];
        random.nextBytes(salt);
        return derive(password, salt, iterations);
    }

    /** A verifier for {@code password} with a fresh 16-byte salt and 4096 rounds. */
    public static ScramVerifier create(String password, SecureRandom random) {
        return create(password, DEFAULT_ITERATIONS, random);
    }

    /** The verifier for {@code password} with the given salt; the RFC test vectors need a fixed one. */
    static ScramVerifier derive(String password, byte[] salt, int iterations) {
        if (iterations < 1) {
            throw new IllegalArgumentException("SCRAM iteration count must be at least 1, got " + iterations);
        }
        byte[] saltedPassword = ScramFunctions.saltedPassword(password, salt, iterations);
        return new ScramVerifier(
                iterations,
                salt,
                ScramFunctions.sha256(ScramFunctions.clientKey(saltedPassword)),
                ScramFunctions.serverKey(saltedPassword));
    }

    /**
     * Whether {@code password} is the one this verifier was made from, for cleartext password
     * authentication (over TLS). Costs one {@code Hi()}, so {@code iterations} HMACs.
     */
    public boolean matches(String password) {
        byte[] saltedPassword = ScramFunctions.saltedPassword(password, salt, iterations);
        byte[] computedStored = ScramFunctions.sha256(ScramFunctions.clientKey(saltedPassword));
        byte[] computedServer = ScramFunctions.serverKey(saltedPassword);
        // Both comparisons always run: no early exit that would time which key differed.
        boolean storedOk = ScramFunctions.constantTimeEquals(computedStored, storedKey);
        boolean serverOk = ScramFunctions.constantTimeEquals(computedServer, serverKey);
        return storedOk & serverOk;
    }

    /** PostgreSQL's text form; {@link #parse(String)} reads it back. */
    public String format() {
        return MECHANISM + "$" + iterations + ":" + ScramFunctions.base64(salt)
                + "$" + ScramFunctions.base64(storedKey) + ":" + ScramFunctions.base64(serverKey);
    }

    @Override
    public byte[] salt() {
        return salt.clone();
    }

    @Override
    public byte[] storedKey() {
        return storedKey.clone();
    }

    @Override
    public byte[] serverKey() {
        return serverKey.clone();
    }

    /** Package-private views without a copy, for the sessions of this package that never write them. */
    byte[] saltView() {
        return salt;
    }

    byte[] storedKeyView() {
        return storedKey;
    }

    byte[] serverKeyView() {
        return serverKey;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScramVerifier other
                && iterations == other.iterations
                && Arrays.equals(salt, other.salt)
                && Arrays.equals(storedKey, other.storedKey)
                && Arrays.equals(serverKey, other.serverKey);
    }

    @Override
    public int hashCode() {
        int h = Integer.hashCode(iterations);
        h = 31 * h + Arrays.hashCode(salt);
        h = 31 * h + Arrays.hashCode(storedKey);
        return 31 * h + Arrays.hashCode(serverKey);
    }

    /** Leaves the keys out: a verifier is enough for an offline guessing attack, so it stays out of logs. */
    @Override
    public String toString() {
        return "ScramVerifier[iterations=" + iterations + ", salt=" + ScramFunctions.base64(salt) + "]";
    }

    private static int parseIterations(String text) {
        int iterations;
        try {
            iterations = text.chars().allMatch(c -> c >= '0' && c <= '9') ? Integer.parseInt(text) : -1;
        } catch (NumberFormatException e) {
            iterations = -1;
        }
        if (iterations < 1) {
            throw new IllegalArgumentException("invalid SCRAM-SHA-256 verifier: iteration count '" + text
                    + "' is not a number from 1 to " + Integer.MAX_VALUE);
        }
        return iterations;
    }

    /** Decodes one base64 field; {@code length} is the length it must have, or 0 for any non-empty one. */
    private static byte[] decode(String field, String text, int length) {
        byte[] bytes;
        try {
            bytes = ScramFunctions.unbase64(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid SCRAM-SHA-256 verifier: " + field + " is not valid base64", e);
        }
        if (bytes.length == 0 || (length != 0 && bytes.length != length)) {
            throw new IllegalArgumentException("invalid SCRAM-SHA-256 verifier: " + field + " must be "
                    + (length == 0 ? "non-empty" : length + " bytes") + ", got " + bytes.length + " bytes");
        }
        return bytes;
    }

    private static void requireKeyLength(String name, byte[] key) {
        if (key.length != ScramFunctions.KEY_LENGTH) {
            throw new IllegalArgumentException(name + " must be " + ScramFunctions.KEY_LENGTH
                    + " bytes, got " + key.length);
        }
    }
}
