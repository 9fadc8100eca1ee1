package io.tracegate.proxy.audit;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.netty.buffer.ByteBuf;
import io.tracegate.policy.audit.AuditEvent;
import io.tracegate.policy.config.JdbcConfig;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

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
    /**
     * Batches go in with binary COPY: no statement for the server to parse and plan per batch,
     * and the lines' bytes as the chain hashed them, with nothing to escape or re-encode.
     */
    private static final String COPY = "COPY " + TABLE + " (seq, time, line, hash) FROM STDIN (FORMAT binary)";
    private static final int COLUMNS = 4;
    private static final Duration LINGER = Duration.ofMillis(50);

    private final JdbcConfig config;
    private final ChainedLineWriter lineWriter = new ChainedLineWriter();
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

    /**
     * A batch is a transaction of four round trips (lock, chain end, COPY, commit) that costs the
     * server the same however few rows it carries: fewer, larger batches take less of its CPU.
     */
    @Override
    public Duration linger() {
        return LINGER;
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

    private void appendBatch(Connection connection, List<AuditEvent> batch) throws SQLException {
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
        ByteBuf rows = lineWriter.newBatch();
        BinaryCopy.writeHeader(rows);
        for (AuditEvent event : batch) {
            BinaryCopy.startRow(rows, COLUMNS);
            BinaryCopy.writeBigint(rows, seq);
            BinaryCopy.writeTimestamptz(rows, event.time());
            int line = BinaryCopy.startField(rows);
            String hash = lineWriter.writeLine(seq, prev, event);
            BinaryCopy.endField(rows, line);
            BinaryCopy.writeAscii(rows, hash);
            seq++;
            prev = hash;
        }
        BinaryCopy.writeTrailer(rows);
        CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY);
        try {
            copy.writeToCopy(rows.array(), rows.arrayOffset() + rows.readerIndex(), rows.readableBytes());
            copy.endCopy();
        } catch (SQLException | RuntimeException e) {
            cancelQuietly(copy, e);
            throw e;
        }
    }

    private static void cancelQuietly(CopyIn copy, Exception cause) {
        try {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        } catch (SQLException e) {
            cause.addSuppressed(e);
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
        lineWriter.close();
    }
}
