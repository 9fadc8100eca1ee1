package io.tracegate.policy.config;

import java.util.Objects;

/**
 * Where the gateway accepts clients ({@code listen}).
 *
 * @param host            address to bind, default {@code 127.0.0.1}
 * @param port            TCP port, default 6432; 0 asks the system for a free port (tests)
 * @param tls             TLS toward clients, default mode {@code off}
 * @param maxMessageSize  largest protocol message accepted from either side, in bytes
 *                        ({@code max_message_size}, e.g. {@code 256MB}; default 256 MiB)
 * @param workerThreads   event-loop threads ({@code worker_threads}, default 1: on a small machine
 *                        PostgreSQL and the clients need the other cores)
 */
public record ListenConfig(String host, int port, TlsServerConfig tls, int maxMessageSize, int workerThreads) {
    public static final int DEFAULT_PORT = 6432;
    public static final int DEFAULT_MAX_MESSAGE_SIZE = 256 * 1024 * 1024;

    public ListenConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(tls, "tls");
    }
}
