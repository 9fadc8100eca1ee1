package io.tracegate.it.support;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A running PostgreSQL server reachable over TCP, whichever way it was started.
 *
 * <p>The superuser it names can log in over TCP with its password; every TCP login, the
 * superuser's included, is password-checked by the server (SCRAM-SHA-256), so tests that
 * authenticate through the gateway exercise real upstream authentication.
 */
sealed interface PostgresServer extends AutoCloseable permits EmbeddedPostgresServer, ContainerPostgresServer {

    /** How the server was started; shown in test output so a failure says which path ran. */
    PostgresFixture.Backend backend();

    String host();

    int port();

    String superuser();

    /**
     * The directory of the server's Unix-domain socket, where this process can reach it;
     * empty when it cannot (a server in a container).
     */
    default Optional<Path> socketDirectory() {
        return Optional.empty();
    }

    String superuserPassword();

    /**
     * Stops the server but keeps its data, to be started again by {@link #start()}; clients
     * see their connections terminated, as in a database restart.
     *
     * @throws UnsupportedOperationException where the backend cannot restart on the same port
     */
    void stop();

    /** Starts a server stopped by {@link #stop()}, on the same port, with the same data. */
    void start();

    /** Stops the server and removes its data; never throws. */
    @Override
    void close();
}
