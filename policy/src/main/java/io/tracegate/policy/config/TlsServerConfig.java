package io.tracegate.policy.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * TLS toward clients ({@code listen.tls}). Certificate and key come together or not at all; when
 * both are absent and the mode is not {@link TlsServerMode#OFF} the gateway makes a self-signed
 * certificate at start. The loader does not check that the files exist: {@code check-policy} must
 * give the same answer on a machine that lacks them.
 */
public record TlsServerConfig(TlsServerMode mode, Optional<Path> cert, Optional<Path> key) {
    public static final TlsServerConfig OFF = new TlsServerConfig(TlsServerMode.OFF, Optional.empty(), Optional.empty());

    public TlsServerConfig {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(cert, "cert");
        Objects.requireNonNull(key, "key");
    }
}
