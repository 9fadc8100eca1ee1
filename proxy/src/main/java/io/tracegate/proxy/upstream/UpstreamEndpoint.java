package io.tracegate.proxy.upstream;

import io.tracegate.policy.config.UpstreamTlsMode;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and as whom the gateway connects upstream: one database on one server, with the gateway's
 * own credential. A pool serves exactly one endpoint.
 */
public record UpstreamEndpoint(String host, int port, String database, String user, Optional<String> password,
        UpstreamTlsMode tlsMode) {

    public UpstreamEndpoint {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(tlsMode, "tlsMode");
    }

    /** The pool's name in errors and metrics: {@code user@host:port/database}, never the password. */
    public String displayName() {
        return user + "@" + host + ":" + port + "/" + database;
    }

    @Override
    public String toString() {
        return "UpstreamEndpoint[" + displayName() + ", tls=" + tlsMode + "]";
    }
}
