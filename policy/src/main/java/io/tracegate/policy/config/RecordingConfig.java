package io.tracegate.policy.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Session recording ({@code recording}); absent means disabled.
 *
 * @param dir                one file per session (default {@code ./data/sessions})
 * @param includeRows        record result rows too
 * @param maxBytesPerSession a session's file stops growing here, with a marker
 *                           ({@code max_session_size}, default 64 MiB)
 */
public record RecordingConfig(boolean enabled, Path dir, boolean includeRows, long maxBytesPerSession) {
    public static final long DEFAULT_MAX_BYTES_PER_SESSION = 64L * 1024 * 1024;

    public RecordingConfig {
        Objects.requireNonNull(dir, "dir");
    }
}
