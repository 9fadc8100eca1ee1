package io.tracegate.policy.config;

import java.util.Objects;
import java.util.Optional;

/**
 * A control database reached through JDBC ({@code audit.postgres}, {@code state.postgres}). Empty
 * values mean "not set"; the loader requires {@code url} (a {@code jdbc:postgresql:} URL) only where
 * the section is in use.
 */
public record JdbcConfig(Optional<String> url, Optional<String> user, Optional<String> password) {
    public static final JdbcConfig NONE = new JdbcConfig(Optional.empty(), Optional.empty(), Optional.empty());

    public JdbcConfig {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return "JdbcConfig[url=" + url + ", user=" + user + ", password=" + (password.isPresent() ? "***" : "none") + "]";
    }
}
