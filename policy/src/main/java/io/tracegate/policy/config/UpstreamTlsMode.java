package io.tracegate.policy.config;

/** {@code upstream.tls.mode}, with libpq's sslmode meanings. Spelled {@code disable}, {@code prefer}, {@code require}, {@code verify-full}. */
public enum UpstreamTlsMode {
    DISABLE,
    /** TLS when the server offers it, plain otherwise. */
    PREFER,
    /** TLS or no connection; the certificate is not verified. */
    REQUIRE,
    /** TLS with the certificate chain and host name verified against the JVM trust store. */
    VERIFY_FULL;

    /** The spelling used in policy files. */
    public String policyName() {
        return this == VERIFY_FULL ? "verify-full" : name().toLowerCase(java.util.Locale.ROOT);
    }
}
