package io.tracegate.proxy.demo;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * An embedded PostgreSQL prepared the way the gateway expects a trace database: a login role
 * {@code gateway} with a SCRAM password, owning database {@code traces} with
 * {@code public.agent_traces}.
 */
public final class DemoDatabase implements AutoCloseable {

    public static final String GATEWAY_ROLE = "gateway";
    public static final String DATABASE = "traces";

    private final EmbeddedPostgres postgres;
    private final String gatewayPassword;

    private DemoDatabase(EmbeddedPostgres postgres, String gatewayPassword) {
        this.postgres = postgres;
        this.gatewayPassword = gatewayPassword;
    }

    public static DemoDatabase start() throws IOException, SQLException {
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setServerConfig("password_encryption", "scram-sha-256")
                .start();
        byte[] random = new byte[18];
        new SecureRandom().nextBytes(random);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        DemoDatabase database = new DemoDatabase(postgres, password);
        try {
            database.prepare();
        } catch (SQLException | RuntimeException e) {
            database.close();
            throw e;
        }
        return database;
    }

    private void prepare() throws SQLException {
        try (Connection admin = postgres.getPostgresDatabase().getConnection();
             Statement sql = admin.createStatement()) {
            sql.execute("CREATE ROLE " + GATEWAY_ROLE + " LOGIN PASSWORD '" + gatewayPassword + "'");
            sql.execute("CREATE DATABASE " + DATABASE + " OWNER " + GATEWAY_ROLE);
        }
        try (Connection traces = connect(GATEWAY_ROLE, gatewayPassword);
             Statement sql = traces.createStatement()) {
            sql.execute("CREATE TABLE public.agent_traces ("
                    + "id bigserial PRIMARY KEY, "
                    + "agent text NOT NULL, "
                    + "created_at timestamptz NOT NULL DEFAULT now(), "
                    + "reasoning text, "
                    + "payload jsonb)");
        }
    }

    /** A direct connection to the traces database, bypassing the gateway. */
    public Connection connect(String user, String password) throws SQLException {
        PGSimpleDataSource source = new PGSimpleDataSource();
        source.setServerNames(new String[] {"127.0.0.1"});
        source.setPortNumbers(new int[] {port()});
        source.setDatabaseName(DATABASE);
        source.setUser(user);
        source.setPassword(password);
        return source.getConnection();
    }

    public int port() {
        return postgres.getPort();
    }

    public String gatewayPassword() {
        return gatewayPassword;
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
