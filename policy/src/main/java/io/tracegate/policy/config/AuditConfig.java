package io.tracegate.policy.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The audit log ({@code audit}). Relative paths are resolved against the gateway's working
 * directory, as given.
 *
 * @param file        the JSON Lines file for the {@code file} sink (default {@code ./data/audit.jsonl})
 * @param postgres    the control database for the {@code postgres} sink (url required then)
 * @param rotateBytes rotate the file past this size ({@code rotate_size}, default 64 MiB)
 * @param syncInterval how often the file sink makes what it wrote durable with fsync
 *                     ({@code sync_interval}, default 1 s; zero: after every batch). Events reach
 *                     the operating system within milliseconds either way, so a gateway crash
 *                     loses none of them; only a machine crash can lose the last interval.
 */
public record AuditConfig(AuditSinkKind sink, Path file, JdbcConfig postgres, AuditFailureMode onFailure, long rotateBytes,
        Duration syncInterval) {
    public static final long DEFAULT_ROTATE_BYTES = 64L * 1024 * 1024;
    public static final Duration DEFAULT_SYNC_INTERVAL = Duration.ofSeconds(1);

    public AuditConfig {
        Objects.requireNonNull(sink, "sink");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(postgres, "postgres");
        Objects.requireNonNull(onFailure, "onFailure");
        Objects.requireNonNull(syncInterval, "syncInterval");
        if (syncInterval.isNegative()) {
            throw new IllegalArgumentException("syncInterval must not be negative: " + syncInterval);
        }
    }

    /** A configuration with the default {@code sync_interval}. */
    public AuditConfig(AuditSinkKind sink, Path file, JdbcConfig postgres, AuditFailureMode onFailure, long rotateBytes) {
        this(sink, file, postgres, onFailure, rotateBytes, DEFAULT_SYNC_INTERVAL);
    }

    /** False for {@code sink: none}. */
    public boolean enabled() {
        return sink != AuditSinkKind.NONE;
    }
}
