package io.tracegate.protocol.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;

/** The SCRAM-SHA-256 functions of RFC 5802 section 2.2 and the key derivations built on them. */
final class ScramFunctions {

    /** Length of SHA-256 output, hence of every SCRAM-SHA-256 key, proof and signature. */
    static final int KEY_LENGTH = 32;

    /** Raw nonce length PostgreSQL and libpq use ({@code SCRAM_RAW_NONCE_LEN}); 24 base64 characters. */
    private static final int RAW_NONCE_LENGTH = 18;

    private static final String HMAC = "HmacSHA256";
    private static final byte[] CLIENT_KEY = "Client Key".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SERVER_KEY = "Server Key".getBytes(StandardCharsets.US_ASCII);

    /*
     * Mac.getInstance and MessageDigest.getInstance cost tens of microseconds (provider lookup),
     * more than the hashing of a whole server-side exchange. One instance per thread (event-loop
     * threads live long) keeps a made-up user from being measurably slower than a real one.
     */
    private static final ThreadLocal<Mac> MAC = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance(HMAC);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JRE", e);
        }
    });
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JRE", e);
        }
    });

    private ScramFunctions() {
    }

    /** HMAC-SHA-256 of {@code data} under {@code key}. */
    static byte[] hmac(byte[] key, byte[] data) {
        Mac mac = keyedMac(key);
        return mac.doFinal(data);
    }

    /** SHA-256, the H() of RFC 5802. */
    static byte[] sha256(byte[] data) {
        return SHA256.get().digest(data);
    }

    /** {@code Hi(password, salt, iterations)}: PBKDF2 with HMAC-SHA-256, one block of output. */
    static byte[] hi(byte[] password, byte[] salt, int iterations) {
        Mac mac = keyedMac(password);
        mac.update(salt);
        byte[] u = mac.doFinal(new byte[] {0, 0, 0, 1});
        byte[] result = u.clone();
        try {
            for (int i = 1; i < iterations; i++) {
                mac.update(u);
                mac.doFinal(u, 0);
                for (int j = 0; j < KEY_LENGTH; j++) {
                    result[j] ^= u[j];
                }
            }
        } catch (ShortBufferException e) {
            throw new IllegalStateException("HMAC-SHA-256 output is not " + KEY_LENGTH + " bytes", e);
        }
        return result;
    }

    /** SaltedPassword for a password as given (SASLprep is applied here). */
    static byte[] saltedPassword(String password, byte[] salt, int iterations) {
        return hi(SaslPrep.normalize(password), salt, iterations);
    }

    static byte[] clientKey(byte[] saltedPassword) {
        return hmac(saltedPassword, CLIENT_KEY);
    }

    static byte[] serverKey(byte[] saltedPassword) {
        return hmac(saltedPassword, SERVER_KEY);
    }

    /**
     * AuthMessage = client-first-message-bare "," server-first-message ","
     * client-final-message-without-proof, over the exact bytes exchanged.
     */
    static byte[] authMessage(byte[] clientFirstBare, byte[] serverFirst, byte[] clientFinalWithoutProof) {
        byte[] out = new byte[clientFirstBare.length + 1 + serverFirst.length + 1 + clientFinalWithoutProof.length];
        int at = 0;
        for (byte[] part : new byte[][] {clientFirstBare, {','}, serverFirst, {','}, clientFinalWithoutProof}) {
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        return out;
    }

    static byte[] xor(byte[] a, byte[] b) {
        byte[] out = new byte[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (byte) (a[i] ^ b[i]);
        }
        return out;
    }

    /** Comparison whose time does not depend on where the arrays differ. */
    static boolean constantTimeEquals(byte[] a, byte[] b) {
        return MessageDigest.isEqual(a, b);
    }

    /** A fresh nonce as PostgreSQL makes one: 18 random bytes, base64 (printable, no ','). */
    static String newNonce(SecureRandom random) {
        byte[] raw = new byte[RAW_NONCE_LENGTH];
        random.nextBytes(raw);
        return base64(raw);
    }

    static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** Decodes standard base64; {@link IllegalArgumentException} when it is not base64. */
    static byte[] unbase64(String text) {
        return Base64.getDecoder().decode(text);
    }

    /** The thread's Mac, keyed with {@code key}; valid until the next call on this thread. */
    private static Mac keyedMac(byte[] key) {
        Mac mac = MAC.get();
        try {
            // SecretKeySpec refuses an empty key. HMAC pads a key with zeros to the block size,
            // so the empty key and the one-zero-byte key are the same key.
            mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, HMAC));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 refused a key", e);
        }
        return mac;
    }
}
