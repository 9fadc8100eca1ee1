package io.tracegate.protocol.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * The answer to AuthenticationMD5Password, for the gateway logging in upstream where the server
 * still uses md5: {@code "md5" + hex(md5(hex(md5(password + user)) + salt))}, as libpq's
 * {@code pg_md5_encrypt} computes it twice. Strings are taken as UTF-8, the client encoding the
 * gateway uses.
 */
public final class Md5Password {

    private static final int SALT_LENGTH = 4;

    private Md5Password() {
    }

    /**
     * @param salt4 the 4 salt bytes of AuthenticationMD5Password
     * @return the text to send in PasswordMessage (35 characters)
     */
    public static String encode(String user, String password, byte[] salt4) {
        if (salt4.length != SALT_LENGTH) {
            throw new IllegalArgumentException("MD5 salt must be " + SALT_LENGTH + " bytes, got " + salt4.length);
        }
        String inner = md5Hex((password + user).getBytes(StandardCharsets.UTF_8));
        byte[] innerBytes = inner.getBytes(StandardCharsets.US_ASCII);
        byte[] salted = new byte[innerBytes.length + SALT_LENGTH];
        System.arraycopy(innerBytes, 0, salted, 0, innerBytes.length);
        System.arraycopy(salt4, 0, salted, innerBytes.length, SALT_LENGTH);
        return "md5" + md5Hex(salted);
    }

    private static String md5Hex(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("MD5 is missing from this JRE", e);
        }
    }
}
