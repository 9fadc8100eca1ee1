package io.tracegate.it.support;

import io.tracegate.policy.config.ConfigLoader;
import io.tracegate.policy.config.TracegateConfig;
import io.tracegate.proxy.server.GatewayServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * A real gateway on a free port in front of the shared {@link PostgresFixture}, started with a
 * policy file (by default {@code it/policy-default.yaml}). Each fixture has its own data
 * directory for audit logs and recordings.
 *
 * <p>Settings the policy reads from {@code ${env:...}} are passed with {@link #with}: e.g.
 * {@code GatewayFixture.builder().with("POOL_MAX", "2").start()}.
 */
public final class GatewayFixture implements AutoCloseable {

    public static final String AGENT = "agent-7";
    public static final String AGENT_PASSWORD = "agent-7-secret";
    public static final String REVIEWER_TOKEN = "alice-review-token";

    private final PostgresFixture postgres;
    private final GatewayServer server;
    private final Path dataDir;

    private GatewayFixture(PostgresFixture postgres, GatewayServer server, Path dataDir) {
        this.postgres = postgres;
        this.server = server;
        this.dataDir = dataDir;
    }

    public static GatewayFixture start() {
        return builder().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Collects the policy text and its variables. */
    public static final class Builder {
        private String policyResource = "/it/policy-default.yaml";
        private String policyText;
        private final Map<String, String> env = new HashMap<>();
        private PostgresFixture postgres;

        /** A value for {@code ${env:name}} in the policy. */
        public Builder with(String name, String value) {
            env.put(name, value);
            return this;
        }

        /** A whole policy text instead of the default file (same variables available). */
        public Builder policy(String yaml) {
            this.policyText = yaml;
            return this;
        }

        public Builder policyResource(String resource) {
            this.policyResource = resource;
            return this;
        }

        /** Another PostgreSQL than the shared one (e.g. a private one a test stops). */
        public Builder postgres(PostgresFixture other) {
            this.postgres = other;
            return this;
        }

        public GatewayFixture start() {
            PostgresFixture pg = postgres != null ? postgres : PostgresFixture.shared();
            try {
                Path dataDir = Files.createTempDirectory("tracegate-it-");
                Map<String, String> variables = new HashMap<>();
                variables.put("PGHOST", pg.host());
                variables.put("PGPORT", Integer.toString(pg.port()));
                variables.put("UPSTREAM_PASSWORD", PostgresFixture.GATEWAY_PASSWORD);
                variables.put("DATA_DIR", dataDir.toString());
                variables.putAll(env);
                String yaml = policyText != null ? policyText : readResource(policyResource);
                TracegateConfig config = ConfigLoader.parse(yaml, policyResource,
                        name -> Optional.ofNullable(variables.get(name)));
                return new GatewayFixture(pg, GatewayServer.start(config), dataDir);
            } catch (Exception e) {
                throw new IllegalStateException("could not start the gateway: " + e.getMessage(), e);
            }
        }

        private static String readResource(String resource) throws IOException {
            try (InputStream in = GatewayFixture.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IOException("no resource " + resource);
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
    }

    public GatewayServer server() {
        return server;
    }

    public PostgresFixture postgres() {
        return postgres;
    }

    public int port() {
        return server.port();
    }

    public Path dataDir() {
        return dataDir;
    }

    /** {@code jdbc:postgresql://127.0.0.1:<port>/traces}, then {@code ?params} when given. */
    public String jdbcUrl(String params) {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + PostgresFixture.TRACES_DATABASE
                + (params == null || params.isEmpty() ? "" : "?" + params);
    }

    /** A pgjdbc connection through the gateway as the agent. */
    public Connection connect() throws SQLException {
        return connect(new Properties());
    }

    public Connection connect(Properties extra) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", AGENT);
        props.setProperty("password", AGENT_PASSWORD);
        props.setProperty("sslmode", "disable");
        props.putAll(extra);
        return DriverManager.getConnection(jdbcUrl(null), props);
    }

    @Override
    public void close() {
        server.close();
    }

    /** Deletes nothing: the data directory is left for post-mortem reading of audit files. */
    public Path auditFile() {
        return dataDir.resolve("audit.jsonl");
    }
}
