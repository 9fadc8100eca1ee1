package io.tracegate.it.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracegate.it.support.GatewayFixture;
import io.tracegate.it.support.PostgresFixture;
import io.tracegate.policy.audit.AuditEvent;
import io.tracegate.proxy.audit.AuditFilter;
import io.tracegate.proxy.audit.AuditReader;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The postgres audit sink on a PostgreSQL of its own that goes down under a running gateway
 * (the agents' database stays up). With {@code on_failure: block} writes are refused while it is
 * down and the refusals are audited once it is back; with {@code allow} they proceed and the
 * outage is recorded as an audit_gap before the events that waited it out.
 */
class AuditOutageTest {

    private static PostgresFixture auditDatabase;

    @BeforeAll
    static void startTheAuditDatabase() {
        auditDatabase = PostgresFixture.startPrivate(PostgresFixture.Backend.EMBEDDED);
    }

    @AfterAll
    static void stopTheAuditDatabase() {
        if (auditDatabase != null) {
            auditDatabase.close();
        }
    }

    private static GatewayFixture gateway(String database, String onFailure) throws SQLException {
        String url = auditDatabase.createDatabase(database);
        return GatewayFixture.builder().policy(Policies.postgresAudit(url, auditDatabase.superuser(),
                auditDatabase.superuserPassword(), onFailure)).start();
    }

    @Test
    void onFailureBlockRefusesWritesWhileTheSinkIsDownAndAuditsThemAfter() throws Exception {
        try (GatewayFixture gateway = gateway("audit_block", "block")) {
            AdminHttp admin = new AdminHttp(gateway.server().adminPort());
            try (Connection agent = Agents.jdbc(gateway, "observe-outage-block")) {
                assertThat(insert(agent, "observe-block-before")).isEqualTo(1);
                assertThat(admin.get("/readyz").statusCode()).isEqualTo(200);

                auditDatabase.stopServer();
                try {
                    HttpResponse<String> notReady = admin.awaitStatus("/readyz", status -> status == 503);
                    assertThat(notReady.body()).contains("audit: the postgres audit sink cannot store events");
                    assertThat(admin.metrics()).contains("tracegate_audit_writable{sink=\"postgres\"} 0.0");

                    assertThatThrownBy(() -> insert(agent, "observe-block-during"))
                            .isInstanceOfSatisfying(SQLException.class, e -> {
                                assertThat(e.getSQLState()).isEqualTo("58030");
                                assertThat(e.getMessage()).contains("statement refused: the audit log cannot be written")
                                        .contains("audit.on_failure is block, so nothing runs unaudited");
                            });
                    assertThatThrownBy(() -> agent.createStatement().executeQuery("SELECT 1"))
                            .isInstanceOfSatisfying(SQLException.class,
                                    e -> assertThat(e.getSQLState()).isEqualTo("58030"));
                    assertThat(storedRows("observe-block-during")).as("nothing was written").isZero();
                } finally {
                    auditDatabase.startServer();
                }

                admin.awaitStatus("/readyz", status -> status == 200);
                assertThat(insert(agent, "observe-block-after")).isEqualTo(1);
            }
            assertThat(storedRows("observe-block-after")).isEqualTo(1);

            List<AuditEvent> events = awaitStored("audit_block", "observe-block-after", gateway);
            List<AuditEvent> refused = events.stream().filter(e -> AuditEvent.STATEMENT.equals(e.eventType())
                    && "58030".equals(e.sqlState())).toList();
            assertThat(refused).hasSize(2);
            assertThat(refused.get(0).statementText()).contains("observe-block-during");
            assertThat(refused).extracting(AuditEvent::decision).containsOnly("block");
            assertThat(refused).extracting(AuditEvent::ruleName).containsOnly("(audit)");
            assertThat(events).filteredOn(e -> AuditEvent.STATEMENT.equals(e.eventType()))
                    .extracting(AuditEvent::statementText).anyMatch(text -> text.contains("observe-block-before"))
                    .anyMatch(text -> text.contains("observe-block-after"));
            // Statements were refused, so the outage left no unaudited statement: no gap to report.
            assertThat(events).noneMatch(e -> AuditEvent.AUDIT_GAP.equals(e.eventType()));
            assertChainIntact("audit_block");
        }
    }

    @Test
    void onFailureAllowLetsWritesThroughAndRecordsTheGap() throws Exception {
        try (GatewayFixture gateway = gateway("audit_allow", "allow")) {
            AdminHttp admin = new AdminHttp(gateway.server().adminPort());
            try (Connection agent = Agents.jdbc(gateway, "observe-outage-allow")) {
                assertThat(insert(agent, "observe-allow-before")).isEqualTo(1);

                auditDatabase.stopServer();
                try {
                    admin.awaitStatus("/readyz", status -> status == 503);
                    assertThat(insert(agent, "observe-allow-during")).isEqualTo(1);
                } finally {
                    auditDatabase.startServer();
                }
                admin.awaitStatus("/readyz", status -> status == 200);
                assertThat(insert(agent, "observe-allow-after")).isEqualTo(1);
            }
            assertThat(storedRows("observe-allow-during")).isEqualTo(1);

            List<AuditEvent> events = awaitStored("audit_allow", "observe-allow-after", gateway);
            int gap = indexOf(events, e -> AuditEvent.AUDIT_GAP.equals(e.eventType()));
            int during = indexOf(events, e -> e.statementText() != null && e.statementText().contains("observe-allow-during"));
            assertThat(events.get(gap).reason()).contains("statements were allowed meanwhile (on_failure: allow)")
                    .doesNotContain("lost");
            assertThat(gap).as("the gap is recorded before the events that waited it out").isLessThan(during);
            assertThat(events.get(during).ruleName()).isEqualTo("agents-write-traces");
            assertThat(events.get(during).commandTag()).isEqualTo("INSERT 0 1");
            assertThat(events).filteredOn(e -> AuditEvent.AUDIT_GAP.equals(e.eventType())).hasSize(1);
            assertChainIntact("audit_allow");
        }
    }

    /** The marker goes in the text (not a parameter: only protected columns' values are audited). */
    private static int insert(Connection agent, String marker) throws SQLException {
        try (Statement insert = agent.createStatement()) {
            return insert.executeUpdate("INSERT INTO agent_traces (agent, reasoning) VALUES ('" + marker
                    + "', 'written by " + marker + "')");
        }
    }

    private static long storedRows(String marker) throws SQLException {
        try (Connection direct = PostgresFixture.shared().connectAsGateway();
                PreparedStatement count = direct.prepareStatement("SELECT count(*) FROM agent_traces WHERE agent = ?")) {
            count.setString(1, marker);
            try (ResultSet rs = count.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** The sink's events once the statement carrying {@code marker} and its session's close are stored. */
    private static List<AuditEvent> awaitStored(String database, String marker, GatewayFixture gateway)
            throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (true) {
            List<AuditEvent> events = stored(database);
            boolean done = events.stream().anyMatch(e -> e.statementText() != null && e.statementText().contains(marker))
                    && events.stream().anyMatch(e -> AuditEvent.CONNECTION_CLOSE.equals(e.eventType()));
            if (done) {
                return events;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the audit table of " + gateway.dataDir() + " never showed " + marker
                        + ": " + events);
            }
            Thread.sleep(50);
        }
    }

    private static List<AuditEvent> stored(String database) throws SQLException {
        List<AuditEvent> events = new ArrayList<>();
        try (Connection connection = auditDatabase.connectAsSuperuser(database)) {
            try (Statement statement = connection.createStatement();
                    ResultSet exists = statement.executeQuery("SELECT to_regclass('tracegate_audit') IS NOT NULL")) {
                exists.next();
                if (!exists.getBoolean(1)) {
                    return events;
                }
            }
            AuditReader.read(connection, AuditFilter.ALL, events::add, bad -> {
                throw new AssertionError(bad);
            });
        }
        return events;
    }

    private static void assertChainIntact(String database) {
        Cli.Result result = Cli.run("audit", "verify", "--url", auditDatabase.jdbcUrl(database),
                "--user", auditDatabase.superuser(), "--password", auditDatabase.superuserPassword());
        assertThat(result.exitCode()).as("%s", result).isZero();
        assertThat(result.out()).contains("chain intact");
    }

    private static int indexOf(List<AuditEvent> events, Predicate<AuditEvent> test) {
        for (int i = 0; i < events.size(); i++) {
            if (test.test(events.get(i))) {
                return i;
            }
        }
        throw new AssertionError("no such event in " + events);
    }
}
