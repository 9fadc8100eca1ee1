package io.tracegate.proxy.approval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.tracegate.policy.config.JdbcConfig;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The shared store of several gateway replicas: one {@code tracegate_approvals} table in a
 * control database, reached through HikariCP. A decision is a conditional UPDATE (only a
 * pending row changes), which makes the database the arbiter between replicas, and the same
 * statement sends {@code NOTIFY tracegate_approvals} with the id, so the replica holding the
 * agent's transaction (listening through {@link PostgresListener}) releases it at once.
 */
final class PostgresStore implements ApprovalStore {

    static final String TABLE = "tracegate_approvals";
    static final String CHANNEL = "tracegate_approvals";
    /** A request past its deadline by this much is no longer anyone's: its holder would have timed it out. */
    static final Duration DEFAULT_ORPHAN_GRACE = Duration.ofSeconds(30);

    private static final String SCHEMA = """
            CREATE TABLE IF NOT EXISTS tracegate_approvals (
                id                text PRIMARY KEY,
                session_id        text NOT NULL,
                requester         text NOT NULL,
                requester_roles   jsonb NOT NULL,
                rule_name         text NOT NULL,
                reviewer_roles    jsonb NOT NULL,
                masked_statement  text NOT NULL,
                masked_parameters jsonb NOT NULL,
                client_address    text NOT NULL,
                requested_at      timestamptz NOT NULL,
                deadline          timestamptz,
                status            text NOT NULL DEFAULT 'PENDING',
                reviewer          text,
                reason            text,
                decided_at        timestamptz
            );
            CREATE INDEX IF NOT EXISTS tracegate_approvals_pending ON tracegate_approvals (requested_at)
                WHERE status = 'PENDING';
            CREATE INDEX IF NOT EXISTS tracegate_approvals_decided ON tracegate_approvals (decided_at DESC)
                WHERE status <> 'PENDING';
            """;

    private static final String INSERT = "INSERT INTO " + TABLE + " (id, session_id, requester, requester_roles,"
            + " rule_name, reviewer_roles, masked_statement, masked_parameters, client_address, requested_at, deadline)"
            + " VALUES (?, ?, ?, ?::jsonb, ?, ?::jsonb, ?, ?::jsonb, ?, ?, ?)";
    private static final String DECIDE = "WITH decided AS (UPDATE " + TABLE
            + " SET status = ?, reviewer = ?, reason = ?, decided_at = ? WHERE id = ? AND status = 'PENDING'"
            + " RETURNING *) SELECT decided.*, pg_notify('" + CHANNEL + "', decided.id) FROM decided";

    private final JdbcConfig jdbc;
    private final HikariDataSource dataSource;
    private final Duration orphanGrace;
    private PostgresListener listener;

    private PostgresStore(JdbcConfig jdbc, HikariDataSource dataSource, Duration orphanGrace) {
        this.jdbc = jdbc;
        this.dataSource = dataSource;
        this.orphanGrace = orphanGrace;
    }

    /** Connects and creates the table if it is missing; fails when the control database is unreachable. */
    static PostgresStore open(JdbcConfig jdbc, Duration orphanGrace) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbc.url().orElseThrow(() -> new IllegalArgumentException("state.postgres.url is not set")));
        jdbc.user().ifPresent(config::setUsername);
        jdbc.password().ifPresent(config::setPassword);
        config.setPoolName("tracegate-approvals");
        config.setMaximumPoolSize(4);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(5_000);
        config.addDataSourceProperty("ApplicationName", "tracegate-approvals");
        HikariDataSource dataSource;
        try {
            dataSource = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new ApprovalStoreException("cannot connect to the approvals control database", e);
        }
        PostgresStore store = new PostgresStore(jdbc, dataSource, orphanGrace);
        try {
            store.createSchema();
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
        return store;
    }

    private void createSchema() {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                // Replicas starting together would otherwise race on CREATE TABLE IF NOT EXISTS.
                statement.execute("SELECT pg_advisory_xact_lock(hashtext('" + TABLE + "'))");
                statement.execute(SCHEMA);
            }
            connection.commit();
        } catch (SQLException e) {
            throw new ApprovalStoreException("cannot create the " + TABLE + " table", e);
        }
    }

    /** Starts listening for decisions; {@code onConnected} runs after each (re)connect, to catch up on missed ones. */
    void listen(Consumer<String> onDecided, Runnable onConnected) {
        listener = new PostgresListener(jdbc, CHANNEL, onDecided, onConnected);
        listener.start();
    }

    @Override
    public void insert(ApprovalView approval) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement(INSERT)) {
            insert.setString(1, approval.id());
            insert.setString(2, approval.sessionId());
            insert.setString(3, approval.requester());
            insert.setString(4, ApprovalJson.write(ApprovalJson.strings(approval.requesterRoles())));
            insert.setString(5, approval.ruleName());
            insert.setString(6, ApprovalJson.write(ApprovalJson.strings(approval.reviewerRoles())));
            insert.setString(7, approval.maskedStatement());
            insert.setString(8, ApprovalJson.write(ApprovalJson.strings(approval.maskedParameters())));
            insert.setString(9, approval.clientAddress());
            insert.setObject(10, timestamp(approval.requestedAt()));
            insert.setObject(11, approval.deadline().map(PostgresStore::timestamp).orElse(null));
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new ApprovalStoreException("cannot record approval request " + approval.id(), e);
        }
    }

    @Override
    public Optional<ApprovalView> find(String id) {
        List<ApprovalView> found = query("SELECT * FROM " + TABLE + " WHERE id = ?", id);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    @Override
    public List<ApprovalView> pending() {
        return query("SELECT * FROM " + TABLE + " WHERE status = 'PENDING' ORDER BY requested_at");
    }

    @Override
    public List<ApprovalView> recent(int limit) {
        return query("SELECT * FROM " + TABLE + " WHERE status <> 'PENDING' ORDER BY decided_at DESC LIMIT ?", limit);
    }

    @Override
    public Optional<ApprovalView> decide(String id, ApprovalDecision decision) {
        List<ApprovalView> decided = query(DECIDE, decision.outcome().name(), decision.reviewer(), decision.reason(),
                timestamp(decision.decidedAt()), id);
        return decided.isEmpty() ? Optional.empty() : Optional.of(decided.get(0));
    }

    @Override
    public List<Orphan> orphans(Instant now) {
        List<Orphan> orphans = new ArrayList<>();
        for (ApprovalView view : query("SELECT * FROM " + TABLE + " WHERE status = 'PENDING' AND deadline < ?",
                timestamp(now.minus(orphanGrace)))) {
            orphans.add(new Orphan(view, ApprovalDecision.Outcome.TIMED_OUT,
                    "its deadline passed while no gateway replica was holding it"));
        }
        return orphans;
    }

    @Override
    public boolean shared() {
        return true;
    }

    private List<ApprovalView> query(String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            List<ApprovalView> views = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    views.add(view(rows));
                }
            }
            return views;
        } catch (SQLException e) {
            throw new ApprovalStoreException("cannot read the " + TABLE + " table", e);
        }
    }

    private static ApprovalView view(ResultSet row) throws SQLException {
        try {
            String status = row.getString("status");
            Optional<ApprovalDecision> decision = status.equals("PENDING") ? Optional.empty()
                    : Optional.of(new ApprovalDecision(ApprovalDecision.Outcome.valueOf(status),
                            row.getString("reviewer"), row.getString("reason"), instant(row, "decided_at")));
            return new ApprovalView(
                    row.getString("id"),
                    row.getString("session_id"),
                    row.getString("requester"),
                    ApprovalJson.stringSet(ApprovalJson.read(row.getString("requester_roles"))),
                    row.getString("rule_name"),
                    ApprovalJson.stringSet(ApprovalJson.read(row.getString("reviewer_roles"))),
                    row.getString("masked_statement"),
                    ApprovalJson.stringList(ApprovalJson.read(row.getString("masked_parameters"))),
                    row.getString("client_address"),
                    instant(row, "requested_at"),
                    Optional.ofNullable(row.getObject("deadline", OffsetDateTime.class)).map(OffsetDateTime::toInstant),
                    decision);
        } catch (JsonProcessingException e) {
            throw new SQLException("unreadable JSON in " + TABLE, e);
        }
    }

    private static Instant instant(ResultSet row, String column) throws SQLException {
        return row.getObject(column, OffsetDateTime.class).toInstant();
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    @Override
    public void close() {
        if (listener != null) {
            listener.close();
        }
        dataSource.close();
    }
}
