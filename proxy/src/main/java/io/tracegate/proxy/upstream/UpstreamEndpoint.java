package io.tracegate.proxy.upstream;

import io.tracegate.policy.config.UpstreamConfig;
import io.tracegate.policy.config.UpstreamTlsMode;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and as whom the gateway connects upstream: one database on one server, with the gateway's
 * own credential. A pool serves exactly one endpoint.
 *
 * <p>As in libpq, a {@code host} that starts with {@code /} is the directory of the server's
 * Unix-domain socket, {@code <host>/.s.PGSQL.<port>}; TLS is never negotiated there.
 */
public record UpstreamEndpoint(String host, int port, String database, String user, Optional<String> password,
        UpstreamTlsMode tlsMode) {

    public UpstreamEndpoint {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(tlsMode, "tlsMode");
        if (UpstreamConfig.isSocketDirectory(host)
                && (tlsMode == UpstreamTlsMode.REQUIRE || tlsMode == UpstreamTlsMode.VERIFY_FULL)) {
            throw new IllegalArgumentException("upstream.tls.mode " + tlsMode.policyName()
                    + " cannot be met over the Unix-domain socket in " + host);
        }
    }

    /** Whether the server is reached through a Unix-domain socket rather than TCP. */
    public boolean unixSocket() {
        return UpstreamConfig.isSocketDirectory(host);
    }

    /** The socket file, {@code <host>/.s.PGSQL.<port>}; meaningful only when {@link #unixSocket()}. */
    public Path socketFile() {
        return UpstreamConfig.socketFile(host, port);
    }

    /** Whether to send SSLRequest: never over a socket, where libpq does not either. */
    boolean negotiatesTls() {
        return !unixSocket() && tlsMode != UpstreamTlsMode.DISABLE;
    }

    /** Where the server is, for messages: {@code host:port} or {@code socket <file>}. */
    public String address() {
        return unixSocket() ? "socket " + socketFile() : host + ":" + port;
    }

    /**
     * The pool's name in errors and metrics: {@code user@host:port/database} (for a socket the
     * host is its directory, as libpq writes it), never the password.
     */
    public String displayName() {
        return user + "@" + host + ":" + port + "/" + database;
    }

    @Override
    public String toString() {
        return "UpstreamEndpoint[" + displayName() + ", tls=" + tlsMode + "]";
    }
}
