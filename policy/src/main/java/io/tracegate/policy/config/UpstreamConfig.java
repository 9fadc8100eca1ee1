package io.tracegate.policy.config;

import java.util.Objects;
import java.util.Optional;

/**
 * The real database and the gateway's own credential for it ({@code upstream}). Agents never see
 * this credential.
 *
 * @param database every client is routed to this database; empty means the client's own choice
 * @param password empty when the server needs none (trust) or the variable resolved to empty
 */
public record UpstreamConfig(
        String host,
        int port,
        Optional<String> database,
        String user,
        Optional<String> password,
        UpstreamTlsMode tlsMode,
        PoolConfig pool) {

    public UpstreamConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(tlsMode, "tlsMode");
        Objects.requireNonNull(pool, "pool");
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return "UpstreamConfig[host=" + host + ", port=" + port + ", database=" + database + ", user=" + user
                + ", password=" + (password.isPresent() ? "***" : "none") + ", tlsMode=" + tlsMode + ", pool=" + pool + "]";
    }
}
