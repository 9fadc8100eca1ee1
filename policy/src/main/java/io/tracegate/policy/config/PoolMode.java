package io.tracegate.policy.config;

/** {@code upstream.pool.mode}: how long a client keeps its upstream connection. */
public enum PoolMode {
    /** For the whole client session. */
    SESSION,
    /** Only while a transaction is open. */
    TRANSACTION
}
