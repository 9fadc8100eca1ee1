package io.tracegate.policy.config;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Reads the network sections: {@code listen}, {@code upstream} and {@code admin}. */
final class ServerSections {
    static final String DEFAULT_HOST = "127.0.0.1";

    /** Below this a client's startup packet (up to 10000 bytes) or an ordinary query would be refused. */
    private static final long MIN_MESSAGE_SIZE = 16 * 1024;
    private static final int MAX_WORKER_THREADS = 256;
    private static final int MAX_POOL_SIZE = 10_000;
    /** sun_path holds 108 bytes on Linux, the last one the terminating NUL. */
    private static final int MAX_SOCKET_PATH_BYTES = 107;

    private static final Map<String, TlsServerMode> TLS_SERVER_MODES =
            MapReader.spellings(TlsServerMode.values(), m -> m.name().toLowerCase(Locale.ROOT));
    private static final Map<String, UpstreamTlsMode> UPSTREAM_TLS_MODES =
            MapReader.spellings(UpstreamTlsMode.values(), UpstreamTlsMode::policyName);
    private static final Map<String, PoolMode> POOL_MODES =
            MapReader.spellings(PoolMode.values(), m -> m.name().toLowerCase(Locale.ROOT));

    private ServerSections() {
    }

    static ListenConfig listen(MapReader root) {
        MapReader listen = root.mapping("listen");
        String host = listen.string("host", DEFAULT_HOST);
        int port = listen.port("port", ListenConfig.DEFAULT_PORT, true);
        TlsServerConfig tls = tls(listen.mapping("tls"));
        int maxMessageSize = (int) listen.size("max_message_size", ListenConfig.DEFAULT_MAX_MESSAGE_SIZE,
                MIN_MESSAGE_SIZE, Integer.MAX_VALUE);
        int workerThreads = listen.integer("worker_threads", 1, 1, MAX_WORKER_THREADS);
        listen.finish();
        return new ListenConfig(host, port, tls, maxMessageSize, workerThreads);
    }

    private static TlsServerConfig tls(MapReader tls) {
        TlsServerMode mode = tls.choice("mode", TlsServerMode.OFF, TLS_SERVER_MODES);
        Optional<Path> cert = tls.optionalPath("cert");
        Optional<Path> key = tls.optionalPath("key");
        if (cert.isPresent() != key.isPresent() && !tls.failed("cert") && !tls.failed("key")) {
            String given = cert.isPresent() ? "cert" : "key";
            String missing = cert.isPresent() ? "key" : "cert";
            tls.context().errorAt(tls.key(given), "is set but " + tls.key(missing)
                    + " is not; give both, or neither for a self-signed certificate");
        }
        tls.finish();
        return new TlsServerConfig(mode, cert, key);
    }

    static UpstreamConfig upstream(MapReader root) {
        MapReader upstream = root.mapping("upstream");
        String host = upstream.string("host", DEFAULT_HOST);
        int port = upstream.port("port", 5432, false);
        Optional<String> database = upstream.optionalString("database");
        String user = upstream.requiredString("user");
        Optional<String> password = upstream.optionalString("password");
        MapReader tls = upstream.mapping("tls");
        UpstreamTlsMode tlsMode = tls.choice("mode", UpstreamTlsMode.PREFER, UPSTREAM_TLS_MODES);
        if (UpstreamConfig.isSocketDirectory(host)) {
            checkUnixSocket(upstream, tls, host, port, tlsMode);
        }
        tls.finish();
        PoolConfig pool = pool(upstream.mapping("pool"));
        upstream.finish();
        return new UpstreamConfig(host, port, database, user, password, tlsMode, pool);
    }

    /**
     * A socket directory as {@code upstream.host}: the socket path must fit a sockaddr_un, and TLS
     * cannot be demanded, because, as libpq does, the gateway never negotiates TLS over a local socket.
     */
    private static void checkUnixSocket(MapReader upstream, MapReader tls, String host, int port,
            UpstreamTlsMode tlsMode) {
        String socketFile = UpstreamConfig.socketFile(host, port).toString();
        int bytes = socketFile.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_SOCKET_PATH_BYTES) {
            upstream.context().errorAt(upstream.key("host"), "names the socket directory " + host + ", but the socket path "
                    + socketFile + " is " + bytes + " bytes, more than the " + MAX_SOCKET_PATH_BYTES
                    + " a Unix-domain socket address can hold; use a shorter directory");
        }
        if (tlsMode == UpstreamTlsMode.REQUIRE || tlsMode == UpstreamTlsMode.VERIFY_FULL) {
            tls.context().errorAt(tls.key("mode"), "is " + tlsMode.policyName() + ", but upstream.host " + host
                    + " is a Unix-domain socket directory, where TLS does not apply; use disable or prefer"
                    + " (both connect in plain over the socket), or a TCP host for TLS");
        }
    }

    private static PoolConfig pool(MapReader pool) {
        PoolConfig defaults = PoolConfig.DEFAULT;
        PoolMode mode = pool.choice("mode", defaults.mode(), POOL_MODES);
        int maxSize = pool.integer("max_size", defaults.maxSize(), 1, MAX_POOL_SIZE);
        int minIdle = pool.integer("min_idle", defaults.minIdle(), 0, MAX_POOL_SIZE);
        if (minIdle > maxSize) {
            pool.context().errorAt(pool.key("min_idle"), minIdle + " is more than max_size " + maxSize
                    + "; the pool could never keep that many idle connections");
        }
        Duration acquireTimeout = pool.duration("acquire_timeout", defaults.acquireTimeout());
        pool.finish();
        return new PoolConfig(mode, maxSize, minIdle, acquireTimeout);
    }

    static AdminConfig admin(MapReader root) {
        MapReader admin = root.mapping("admin");
        String host = admin.string("host", DEFAULT_HOST);
        int port = admin.port("port", AdminConfig.DEFAULT_PORT, true);
        admin.finish();
        return new AdminConfig(host, port);
    }

    /** The client listener and the admin listener cannot share one address. */
    static void checkPortClash(ReadContext context, ListenConfig listen, AdminConfig admin) {
        if (listen.port() != 0 && listen.port() == admin.port() && listen.host().equals(admin.host())) {
            context.errorAt("admin.port", "is the same as listen.port (" + listen.port() + ") on " + admin.host()
                    + "; the two listeners need different ports");
        }
    }
}
