package io.tracegate.policy.config;

/** {@code audit.on_failure}: what happens to statements while audit events cannot be written. */
public enum AuditFailureMode {
    /** Statements are refused: no unaudited write. */
    BLOCK,
    /** Statements proceed and the gap is itself recorded. */
    ALLOW
}
