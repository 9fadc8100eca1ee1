package io.tracegate.policy.config;

/** {@code listen.tls.mode}: whether clients may, or must, use TLS. */
public enum TlsServerMode {
    /** SSLRequest is answered 'N'. */
    OFF,
    /** Clients choose; cleartext passwords are still refused without TLS. */
    OPTIONAL,
    /** Plain clients are refused (08P01 / 28000). */
    REQUIRE
}
