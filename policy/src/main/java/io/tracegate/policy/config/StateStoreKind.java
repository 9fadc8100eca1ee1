package io.tracegate.policy.config;

/** {@code state.store}: where pending approvals live. */
public enum StateStoreKind {
    /** In memory plus a journal file: one gateway. */
    EMBEDDED,
    /** A control database shared by several gateway replicas. */
    POSTGRES
}
