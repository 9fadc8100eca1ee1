package io.tracegate.policy.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The real database and the gateway's own credential for it ({@code upstream}). Agents never see
 * this credential.
 *
 * @param host a host name or IP address for TCP; or, as in libpq, an absolute path naming the
 *             directory of the server's Unix-domain socket (see {@link #unixSocket()})
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

    /**
     * Whether {@link #host()} names a socket directory rather than a TCP host: it starts with
     * {@code /}, the rule libpq applies to {@code host}.
     */
    public boolean unixSocket() {
        return isSocketDirectory(host);
    }

    /** The server's socket file, {@code <host>/.s.PGSQL.<port>}; meaningful only when {@link #unixSocket()}. */
    public Path socketFile() {
        return socketFile(host, port);
    }

    /** The libpq rule for {@code host}: an absolute path names the directory of a Unix-domain socket. */
    public static boolean isSocketDirectory(String host) {
        return host.startsWith("/");
    }

    /** The file PostgreSQL listens on in {@code directory} for {@code port}, as libpq and the server name it. */
    public static Path socketFile(String directory, int port) {
        return Path.of(directory, ".s.PGSQL." + port);
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return "UpstreamConfig[host=" + host + ", port=" + port + ", database=" + database + ", user=" + user
                + ", password=" + (password.isPresent() ? "***" : "none") + ", tlsMode=" + tlsMode + ", pool=" + pool + "]";
    }
}
