package io.tracegate.policy.config;

import java.time.Duration;
import java.util.Objects;

/**
 * The upstream connection pool ({@code upstream.pool}).
 *
 * @param acquireTimeout how long a client waits for a connection before it gets 53300
 */
public record PoolConfig(PoolMode mode, int maxSize, int minIdle, Duration acquireTimeout) {
    public static final PoolConfig DEFAULT = new PoolConfig(PoolMode.SESSION, 20, 0, Duration.ofSeconds(5));

    public PoolConfig {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(acquireTimeout, "acquireTimeout");
    }
}
