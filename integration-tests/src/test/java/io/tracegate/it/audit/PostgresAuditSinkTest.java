package io.tracegate.it.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tracegate.it.support.PostgresFixture;
import io.tracegate.policy.audit.AuditEvent;
import io.tracegate.policy.config.AuditConfig;
import io.tracegate.policy.config.AuditFailureMode;
import io.tracegate.policy.config.AuditSinkKind;
import io.tracegate.policy.config.JdbcConfig;
import io.tracegate.proxy.audit.AuditFilter;
import io.tracegate.proxy.audit.AuditLog;
import io.tracegate.proxy.audit.AuditReader;
import io.tracegate.proxy.audit.ChainVerifier;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The postgres audit sink against a real PostgreSQL of its own, which the restart tests stop
 * and start again under the sink.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PostgresAuditSinkTest {

    private static final Instant START = Instant.parse("2026-11-25T10:00:00Z");
    private static final String DATABASE = "audit_control";

    private static PostgresFixture postgres;
    private static String url;

    @BeforeAll
    static void startPostgres() throws SQLException {
        postgres = PostgresFixture.startPrivate(PostgresFixture.Backend.EMBEDDED);
        url = postgres.createDatabase(DATABASE);
    }

    @AfterAll
    static void stopPostgres() {
        if (postgres != null) {
            postgres.close();
        }
    }

    @BeforeEach
    void emptyTheTable() throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS tracegate_audit CASCADE");
        }
    }

    private static AuditConfig config(AuditFailureMode mode) {
        JdbcConfig jdbc = new JdbcConfig(Optional.of(url), Optional.of(postgres.superuser()),
                Optional.of(postgres.superuserPassword()));
        return new AuditConfig(AuditSinkKind.POSTGRES, Path.of("unused.jsonl"), jdbc, mode, 0);
    }

    private static Connection connect() throws SQLException {
        return postgres.connectAsSuperuser(DATABASE);
    }

    static AuditEvent statement(int n) {
        return AuditEvent.builder(AuditEvent.STATEMENT)
                .time(START.plusSeconds(60L * n))
                .sessionId("s-" + n)
                .identity(n % 2 == 0 ? "agent-7" : "agent-9")
                .roles(Set.of("agent"))
                .statementKind("insert")
                .tables(Set.of(n % 3 == 0 ? "public.notes" : "public.agent_traces"))
                .statementText("INSERT INTO public.agent_traces (reasoning) VALUES ('<EMAIL>')")
                .parameters(List.of("<REDACTED>"))
                .decision(n % 5 == 0 ? "block" : n % 7 == 0 ? "hold" : "mask")
                .ruleName(n % 5 == 0 ? "no-ddl" : "agents-write-traces")
                .findings(Map.of("email", 1))
                .commandTag(n % 5 == 0 ? null : "INSERT 0 1")
                .durationMicros(250L)
                .build();
    }

    @Test
    @Order(1)
    void linesAreCompressedWithLz4WhereTheServerHasIt() throws Exception {
        try (AuditLog auditLog = AuditLog.create(config(AuditFailureMode.BLOCK), new SimpleMeterRegistry())) {
            auditLog.append(statement(1));
            await(() -> rows() == 1);
        }
        try (Connection connection = connect()) {
            boolean serverHasLz4 = !rowsOf(connection, "SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression'"
                    + " AND 'lz4' = ANY (enumvals)").isEmpty();
            String expected = serverHasLz4 ? "l" : "";
            assertThat(rowsOf(connection, "SELECT attcompression FROM pg_attribute"
                    + " WHERE attrelid = 'tracegate_audit'::regclass AND attname = 'line'")).containsExactly(expected);
        }
    }

    @Test
    @Order(1)
    void writesAnIntactChainWithViewsForTheUsualQuestions() throws Exception {
        try (AuditLog auditLog = AuditLog.create(config(AuditFailureMode.BLOCK), new SimpleMeterRegistry())) {
            for (int n = 1; n <= 70; n++) {
                auditLog.append(statement(n));
            }
            await(() -> rows() == 70);
            assertThat(auditLog.writable()).isTrue();
        }

        try (Connection connection = connect()) {
            ChainVerifier.ChainReport report = AuditReader.verify(connection);
            assertThat(report.intact()).as("%s", report.problem()).isTrue();
            assertThat(report.records()).isEqualTo(70);

            assertThat(rowsOf(connection, "SELECT identity, statements, blocked, held, masked FROM"
                    + " tracegate_audit_by_identity ORDER BY identity"))
                    .containsExactly("agent-7|35|7|4|24", "agent-9|35|7|4|24");
            assertThat(rowsOf(connection, "SELECT table_name, statements, blocked FROM tracegate_audit_by_table"
                    + " ORDER BY table_name")).containsExactly("public.agent_traces|47|10", "public.notes|23|4");
            assertThat(rowsOf(connection, "SELECT count(*), count(*) FILTER (WHERE decision = 'hold')"
                    + " FROM tracegate_audit_blocked_held")).containsExactly("22|8");
            assertThat(rowsOf(connection, "SELECT sum(events) FROM tracegate_audit_hourly"
                    + " WHERE hour = timestamptz '2026-11-25 10:00:00Z'")).containsExactly("59");
            assertThat(rowsOf(connection, "SELECT statement_text, parameters::text, findings::text"
                    + " FROM tracegate_audit_events WHERE seq = 1")).containsExactly(
                    "INSERT INTO public.agent_traces (reasoning) VALUES ('<EMAIL>')|[\"<REDACTED>\"]|{\"email\": 1}");

            List<AuditEvent> blocked = new ArrayList<>();
            AuditReader.read(connection, new AuditFilter(Optional.of("agent-7"), Optional.of("notes"),
                    Optional.of("block"), Optional.empty(), Optional.of(START), Optional.empty()), blocked::add,
                    bad -> {
                        throw new AssertionError(bad);
                    });
            assertThat(blocked).containsExactly(statement(30), statement(60));
        }
    }

    @Test
    @Order(2)
    void anEditedRowIsCaughtByVerify() throws Exception {
        try (AuditLog auditLog = AuditLog.create(config(AuditFailureMode.BLOCK), new SimpleMeterRegistry())) {
            for (int n = 1; n <= 5; n++) {
                auditLog.append(statement(n));
            }
            await(() -> rows() == 5);
        }
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("UPDATE tracegate_audit SET line = replace(line, '\"block\"', '\"allow\"') WHERE seq = 5");
            assertThat(AuditReader.verify(connection).problem()).get().asString()
                    .contains("tracegate_audit:5:", "hash column does not match");
            statement.execute("DELETE FROM tracegate_audit WHERE seq = 3");
            assertThat(AuditReader.verify(connection).problem()).get().asString()
                    .contains("tracegate_audit:3: seq jumps from 2 to 4");
        }
    }

    @Test
    @Order(3)
    void survivesItsDatabaseRestartingWithoutLosingQueuedEvents() throws Exception {
        MeterRegistry metrics = new SimpleMeterRegistry();
        try (AuditLog auditLog = AuditLog.create(config(AuditFailureMode.ALLOW), metrics, 1_000)) {
            for (int n = 1; n <= 20; n++) {
                auditLog.append(statement(n));
            }
            await(() -> rows() == 20);

            postgres.stopServer();
            try {
                for (int n = 21; n <= 520; n++) {
                    auditLog.append(statement(n));
                }
                await(() -> !auditLog.writable());
                assertThat(auditLog.problem()).get().asString().contains("postgres audit sink cannot store events");
            } finally {
                postgres.startServer();
            }

            await(() -> rows() == 521);
            await(auditLog::writable);
        }
        assertThat(metrics.get("tracegate.audit.write.failures").counter().count()).isPositive();
        assertThat(metrics.get("tracegate.audit.events.dropped").counter().count()).isZero();

        try (Connection connection = connect()) {
            ChainVerifier.ChainReport report = AuditReader.verify(connection);
            assertThat(report.intact()).as("%s", report.problem()).isTrue();
            List<AuditEvent> events = new ArrayList<>();
            AuditReader.read(connection, AuditFilter.ALL, events::add, bad -> {
                throw new AssertionError(bad);
            });
            // on_failure: allow — the outage is recorded before the events that waited it out, none lost.
            AuditEvent gap = events.get(20);
            assertThat(gap.eventType()).isEqualTo(AuditEvent.AUDIT_GAP);
            assertThat(gap.reason()).contains("statements were allowed meanwhile").doesNotContain("lost");
            List<AuditEvent> statements = new ArrayList<>(events);
            statements.remove(20);
            List<AuditEvent> expected = new ArrayList<>();
            for (int n = 1; n <= 520; n++) {
                expected.add(statement(n));
            }
            assertThat(statements).containsExactlyElementsOf(expected);
        }
    }

    @Test
    @Order(4)
    void withOnFailureBlockTheLogIsUnwritableWhileDownAndRecordsOnlyLosses() throws Exception {
        MeterRegistry metrics = new SimpleMeterRegistry();
        try (AuditLog auditLog = AuditLog.create(config(AuditFailureMode.BLOCK), metrics, 50)) {
            auditLog.append(statement(1));
            await(() -> rows() == 1);

            postgres.stopServer();
            try {
                auditLog.append(statement(2));
                await(() -> !auditLog.writable());
                for (int n = 3; n <= 60; n++) {
                    auditLog.append(statement(n)); // beyond the queue bound of 50: some are lost, and counted
                }
            } finally {
                postgres.startServer();
            }
            await(auditLog::writable);
            double dropped = metrics.get("tracegate.audit.events.dropped").counter().count();
            assertThat(dropped).isPositive();
            await(() -> rows() == 60 - (long) dropped + 1);
        }
        try (Connection connection = connect()) {
            assertThat(AuditReader.verify(connection).intact()).isTrue();
            List<AuditEvent> gaps = new ArrayList<>();
            AuditReader.read(connection, new AuditFilter(Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.of(AuditEvent.AUDIT_GAP), Optional.empty(), Optional.empty()), gaps::add, bad -> { });
            assertThat(gaps).singleElement().extracting(AuditEvent::reason).asString()
                    .contains("statements were refused meanwhile (on_failure: block)")
                    .contains("event(s) were lost because the audit queue was full");
        }
    }

    private static long rows() {
        try (Connection connection = connect(); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT count(*) FROM tracegate_audit")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            return -1; // not there yet, or the server is down
        }
    }

    private static List<String> rowsOf(Connection connection, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    row.append(i > 1 ? "|" : "").append(rs.getString(i));
                }
                out.add(row.toString());
            }
        }
        return out;
    }

    static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 60 s");
            }
            Thread.sleep(50);
        }
    }
}
