package io.tracegate.proxy.audit;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.tracegate.policy.audit.AuditEvent;
import io.tracegate.policy.config.JdbcConfig;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The {@code postgres} sink: the hash chain as rows of {@code tracegate_audit} in a control
 * database, written through HikariCP, one transaction per batch.
 *
 * <p>Several gateway replicas may share the table: each batch takes a transaction-scoped
 * advisory lock, reads where the chain ends, and appends after it, so the replicas' batches
 * interleave into one chain. A batch whose transaction fails (the database restarting, say)
 * is rolled back whole and offered again by {@link AsyncAuditLog}; Hikari replaces the broken
 * connections meanwhile.
 */
final class PostgresAuditSink implements AuditSink {

    static final String TABLE = "tracegate_audit";
    /** The advisory lock serialising appends to the chain ("tracegat" in ASCII). */
    static final long CHAIN_LOCK = 0x7472616365676174L;

    private final JdbcConfig config;
    private HikariDataSource dataSource;
    private boolean schemaReady;

    PostgresAuditSink(JdbcConfig config) {
        this.config = config;
        if (config.url().isEmpty()) {
            throw new IllegalArgumentException("audit.postgres.url is required for the postgres audit sink");
        }
    }

    @Override
    public String kind() {
        return "postgres";
    }

    @Override
    public List<String> open() throws SQLException {
        if (dataSource == null) {
            dataSource = new HikariDataSource(hikariConfig(config));
        }
        try (Connection connection = dataSource.getConnection()) {
            if (!schemaReady) {
                AuditSchema.create(connection);
                schemaReady = true;
            }
        }
        return List.of();
    }

    /** Hikari validates a connection that sat idle before handing it out: a dead server fails here. */
    @Override
    public void probe() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            if (!connection.isValid(2)) {
                throw new SQLException("the control database does not answer");
            }
        }
    }

    static HikariConfig hikariConfig(JdbcConfig config) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("tracegate-audit");
        hikari.setJdbcUrl(config.url().orElseThrow());
        config.user().ifPresent(hikari::setUsername);
        config.password().ifPresent(hikari::setPassword);
        // One writer thread: one connection in use, a spare for the one Hikari is replacing.
        hikari.setMaximumPoolSize(2);
        hikari.setMinimumIdle(1);
        // Fail fast and let AsyncAuditLog retry: the queue, not a blocked getConnection, absorbs an outage.
        hikari.setConnectionTimeout(3_000);
        hikari.setValidationTimeout(1_000);
        hikari.setInitializationFailTimeout(-1);
        hikari.addDataSourceProperty("ApplicationName", "tracegate-audit");
        hikari.addDataSourceProperty("reWriteBatchedInserts", "true");
        hikari.addDataSourceProperty("connectTimeout", "3");
        hikari.addDataSourceProperty("socketTimeout", "30");
        hikari.addDataSourceProperty("tcpKeepAlive", "true");
        return hikari;
    }

    @Override
    public void write(List<AuditEvent> batch) throws SQLException {
        if (batch.isEmpty()) {
            return;
        }
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                appendBatch(connection, batch);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(connection, e);
                throw e;
            }
        }
    }

    private static void appendBatch(Connection connection, List<AuditEvent> batch) throws SQLException {
        long seq = 1;
        String prev = AuditChain.GENESIS;
        try (Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_advisory_xact_lock(" + CHAIN_LOCK + ")");
            try (ResultSet last = statement.executeQuery("SELECT seq, hash FROM " + TABLE + " ORDER BY seq DESC LIMIT 1")) {
                if (last.next()) {
                    seq = last.getLong(1) + 1;
                    prev = last.getString(2);
                }
            }
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO " + TABLE + " (seq, time, line, hash) VALUES (?, ?, ?, ?)")) {
            for (AuditEvent event : batch) {
                String line = AuditChain.line(seq, prev, event);
                String hash = AuditChain.hash(line);
                insert.setLong(1, seq);
                insert.setObject(2, OffsetDateTime.ofInstant(event.time(), ZoneOffset.UTC));
                insert.setString(3, line);
                insert.setString(4, hash);
                insert.addBatch();
                seq++;
                prev = hash;
            }
            insert.executeBatch();
        }
    }

    private static void rollbackQuietly(Connection connection, Exception cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    @Override
    public void close() {
        if (dataSource != null) {
            dataSource.close();
        }
    }
}
