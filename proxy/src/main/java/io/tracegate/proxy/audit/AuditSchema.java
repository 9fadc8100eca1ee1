package io.tracegate.proxy.audit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The postgres sink's table and the views DBAs query ({@code postgres-schema.sql} beside this
 * class): created when missing, views replaced so a newer gateway brings its newer views.
 */
public final class AuditSchema {

    private static final String RESOURCE = "postgres-schema.sql";

    private AuditSchema() {
    }

    /** The schema's statements, in order. */
    public static List<String> statements() {
        String script;
        try (InputStream in = AuditSchema.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> statements = new ArrayList<>();
        for (String part : script.split("(?m)^;;$")) {
            String statement = stripComments(part).strip();
            if (!statement.isEmpty()) {
                statements.add(statement);
            }
        }
        return statements;
    }

    private static String stripComments(String sql) {
        StringBuilder out = new StringBuilder();
        for (String line : sql.split("\n")) {
            if (!line.stripLeading().startsWith("--")) {
                out.append(line).append('\n');
            }
        }
        return out.toString();
    }

    /**
     * Creates or updates the schema in one transaction, under the chain's advisory lock so
     * that replicas starting together do not race on {@code CREATE TABLE IF NOT EXISTS}.
     */
    static void create(Connection connection) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_advisory_xact_lock(" + PostgresAuditSink.CHAIN_LOCK + ")");
            for (String sql : statements()) {
                statement.execute(sql);
            }
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }
}
