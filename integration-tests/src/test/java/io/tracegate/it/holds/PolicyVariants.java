package io.tracegate.it.holds;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The integration tests' default policy ({@code it/policy-default.yaml}) with small, checked
 * edits: each edit must find the text it replaces, so a change to the default file fails loudly
 * instead of silently testing something else.
 */
final class PolicyVariants {

    private static final String DEFAULT = "/it/policy-default.yaml";

    private final String text;

    private PolicyVariants(String text) {
        this.text = text;
    }

    static PolicyVariants defaults() {
        try (InputStream in = PolicyVariants.class.getResourceAsStream(DEFAULT)) {
            if (in == null) {
                throw new IllegalStateException("no resource " + DEFAULT);
            }
            return new PolicyVariants(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private PolicyVariants replace(String existing, String replacement) {
        if (!text.contains(existing)) {
            throw new IllegalStateException(DEFAULT + " no longer contains: " + existing);
        }
        return new PolicyVariants(text.replace(existing, replacement));
    }

    /** Adds an identity (YAML lines indented as under {@code identities:}) before the default ones. */
    PolicyVariants withIdentity(String yamlEntry) {
        return replace("identities:\n", "identities:\n" + yamlEntry);
    }

    String yaml() {
        return text;
    }

    /** The {@code api_token_sha256} value for a token. */
    static String tokenHash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
