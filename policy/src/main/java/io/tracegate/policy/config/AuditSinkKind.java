package io.tracegate.policy.config;

/** {@code audit.sink}: where audit events go. */
public enum AuditSinkKind {
    /** Append-only, hash-chained JSON Lines file. */
    FILE,
    /** A table in a control database. */
    POSTGRES,
    /** No audit log at all: for benchmarks and throw-away setups, never for production. */
    NONE
}
