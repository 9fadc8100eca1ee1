package io.tracegate.policy.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The audit log ({@code audit}). Relative paths are resolved against the gateway's working
 * directory, as given.
 *
 * @param file        the JSON Lines file for the {@code file} sink (default {@code ./data/audit.jsonl})
 * @param postgres    the control database for the {@code postgres} sink (url required then)
 * @param rotateBytes rotate the file past this size ({@code rotate_size}, default 64 MiB)
 */
public record AuditConfig(AuditSinkKind sink, Path file, JdbcConfig postgres, AuditFailureMode onFailure, long rotateBytes) {
    public static final long DEFAULT_ROTATE_BYTES = 64L * 1024 * 1024;

    public AuditConfig {
        Objects.requireNonNull(sink, "sink");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(postgres, "postgres");
        Objects.requireNonNull(onFailure, "onFailure");
    }
}
