package io.tracegate.policy.config;

import java.util.Objects;

/** The admin HTTP listener ({@code admin}): health, metrics, approvals API and the reviewer page. Port 0 picks a free port. */
public record AdminConfig(String host, int port) {
    public static final int DEFAULT_PORT = 9187;

    public AdminConfig {
        Objects.requireNonNull(host, "host");
    }
}
