package io.tracegate.policy;

/**
 * Session settings that change how the server reads SQL text, tracked by the gateway from
 * ParameterStatus messages so literals are decoded exactly as the server will decode them.
 */
public record SqlSettings(boolean standardConformingStrings) {
    public static final SqlSettings DEFAULT = new SqlSettings(true);
    /** {@code standard_conforming_strings = off}: backslashes escape in every '...' literal. */
    public static final SqlSettings LEGACY_STRINGS = new SqlSettings(false);
}
