package io.tracegate.it.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * PostgreSQL in a Docker container through Testcontainers.
 *
 * <p>The official image, given a password, appends {@code host all all all scram-sha-256} to
 * its pg_hba.conf, so TCP logins are password-checked here too, as in
 * {@link EmbeddedPostgresServer}.
 */
final class ContainerPostgresServer implements PostgresServer {

    private static final String SUPERUSER = "postgres";

    private final PostgreSQLContainer container;
    private final String password;

    private ContainerPostgresServer(PostgreSQLContainer container, String password) {
        this.container = container;
        this.password = password;
    }

    static ContainerPostgresServer start(String image, Map<String, String> serverConfig, String superuserPassword) {
        List<String> command = new ArrayList<>(List.of("postgres"));
        serverConfig.forEach((key, value) -> {
            command.add("-c");
            command.add(key + "=" + value);
        });
        PostgreSQLContainer container =
                new PostgreSQLContainer(DockerImageName.parse(image).asCompatibleSubstituteFor("postgres"))
                        .withUsername(SUPERUSER)
                        .withPassword(superuserPassword)
                        .withDatabaseName("postgres");
        container.setCommand(command.toArray(String[]::new));
        try {
            container.start();
        } catch (RuntimeException e) {
            container.close();
            throw e;
        }
        return new ContainerPostgresServer(container, superuserPassword);
    }

    @Override
    public PostgresFixture.Backend backend() {
        return PostgresFixture.Backend.CONTAINER;
    }

    @Override
    public String host() {
        return container.getHost();
    }

    @Override
    public int port() {
        return container.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT);
    }

    @Override
    public String superuser() {
        return SUPERUSER;
    }

    @Override
    public String superuserPassword() {
        return password;
    }

    /** A restarted container may get another host port, so restarts are for the embedded backend only. */
    @Override
    public void stop() {
        throw new UnsupportedOperationException("the container backend cannot restart on the same port;"
                + " use PostgresFixture.startPrivate(Backend.EMBEDDED) for tests that restart the server");
    }

    @Override
    public void start() {
        stop();
    }

    @Override
    public void close() {
        try {
            container.close();
        } catch (RuntimeException e) {
            System.err.println("PostgresFixture: could not stop the PostgreSQL container: " + e);
        }
    }
}
