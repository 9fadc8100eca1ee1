package io.tracegate.protocol.auth;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The SCRAM-SHA-256 example exchange of RFC 7677 section 3 (user "user", password "pencil"). */
final class Rfc7677 {

    static final String USER = "user";
    static final String PASSWORD = "pencil";
    static final String CLIENT_NONCE = "rOprNGfwEbeRWgbNEkqO";
    static final String SERVER_NONCE = "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
    static final byte[] SALT = Base64.getDecoder().decode("W22ZaJ0SNY7soEsUEjb6gQ==");
    static final int ITERATIONS = 4096;

    static final String CLIENT_FIRST = "n,,n=user,r=rOprNGfwEbeRWgbNEkqO";
    static final String SERVER_FIRST =
            "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";
    static final String CLIENT_FINAL = "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
            + "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";
    static final String SERVER_FINAL = "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=";

    private Rfc7677() {
    }

    static ScramVerifier verifier() {
        return ScramVerifier.derive(PASSWORD, SALT, ITERATIONS);
    }

    /** A server session for the RFC's user, with the RFC's server nonce. */
    static ScramServerSession server() {
        return new ScramServerSession(verifier(), false, () -> SERVER_NONCE);
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
