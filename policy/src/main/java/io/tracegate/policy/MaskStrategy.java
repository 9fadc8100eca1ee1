package io.tracegate.policy;

/** How one finding is rewritten. */
public enum MaskStrategy {
    /** {@code <CREDIT_CARD>} */
    REDACT,
    /** Keep the last four characters, star the rest. */
    PARTIAL,
    /** {@code <EMAIL:1a2b3c4d>}: keyed HMAC-SHA-256, equal inputs give equal tokens. */
    HASH
}
