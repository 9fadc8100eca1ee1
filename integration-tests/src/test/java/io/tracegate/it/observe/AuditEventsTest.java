package io.tracegate.it.observe;

import static io.tracegate.it.observe.AuditTrail.ofType;
import static io.tracegate.it.observe.AuditTrail.onlyStatement;
import static io.tracegate.it.observe.AuditTrail.statements;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracegate.it.support.GatewayFixture;
import io.tracegate.it.support.PostgresFixture;
import io.tracegate.policy.audit.AuditEvent;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every decision path through the real gateway leaves exactly one correct audit event per
 * statement, in the file sink, from real pgjdbc and psql clients. Each test tags its clients
 * with an application_name of its own and reads back only that session. Held statements are
 * in {@link HoldAuditTest}.
 */
class AuditEventsTest {

    private static final String CARD = "4111111111111111";
    private static final String MASKED_CARD = "************1111";

    private static GatewayFixture gateway;
    private static AuditTrail audit;

    @BeforeAll
    static void start() {
        gateway = GatewayFixture.start();
        audit = new AuditTrail(gateway.auditFile());
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void anAllowedSelectIsOneAllowEventBetweenOpenAndClose() throws Exception {
        try (Connection connection = Agents.jdbc(gateway, "observe-allow");
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT 42 AS answer")) {
            assertThat(rs.next()).isTrue();
        }
        List<AuditEvent> events = audit.session("observe-allow");

        assertThat(events).extracting(AuditEvent::eventType)
                .containsExactly(AuditEvent.CONNECTION_OPEN, AuditEvent.STATEMENT, AuditEvent.CONNECTION_CLOSE);
        AuditEvent open = events.get(0);
        assertThat(open.identity()).isEqualTo(GatewayFixture.AGENT);
        assertThat(open.roles()).containsExactly("agent");
        assertThat(open.database()).isEqualTo(PostgresFixture.TRACES_DATABASE);
        assertThat(open.clientAddress()).contains("127.0.0.1");
        assertThat(open.sessionId()).isNotBlank();

        AuditEvent select = events.get(1);
        assertThat(select.statementKind()).isEqualTo("select");
        assertThat(select.statementText()).isEqualTo("SELECT 42 AS answer");
        assertThat(select.decision()).isEqualTo("allow");
        assertThat(select.ruleName()).isEqualTo("default");
        assertThat(select.commandTag()).isEqualTo("SELECT 1");
        assertThat(select.rowsAffected()).isEqualTo(1L);
        assertThat(select.sqlState()).isNull();
        assertThat(select.findings()).isEmpty();
        assertThat(select.identity()).isEqualTo(GatewayFixture.AGENT);
        assertThat(select.applicationName()).isEqualTo("observe-allow");
        assertThat(select.durationMicros()).isNotNull().isNotNegative();
        assertThat(select.time()).isAfterOrEqualTo(open.time()).isBeforeOrEqualTo(events.get(2).time());
    }

    @Test
    void anApplicationNameSetAfterLoginIsCarriedByTheEventsThatFollow() throws Exception {
        Properties props = new Properties();
        props.setProperty("ApplicationName", "observe-late-name");
        try (Connection connection = gateway.connect(props);
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT 7")) {
            assertThat(rs.next()).isTrue();
        }
        List<AuditEvent> events = audit.session("observe-late-name");

        // pgjdbc by default logs in without it and sends SET application_name once connected.
        assertThat(events.get(0).applicationName()).isEmpty();
        assertThat(statements(events)).extracting(AuditEvent::statementText)
                .containsExactly("SET application_name = 'observe-late-name'", "SELECT 7");
        // The server reports the new name before ReadyForQuery, after the SET's CommandComplete.
        assertThat(statements(events)).extracting(AuditEvent::applicationName).containsExactly("", "observe-late-name");
        assertThat(events.get(events.size() - 1).applicationName()).isEqualTo("observe-late-name");
    }

    @Test
    void aMaskedInsertIsAuditedWithTheMaskedValueItsFindingsAndItsTag() throws Exception {
        try (Connection connection = Agents.jdbc(gateway, "observe-mask");
                Statement statement = connection.createStatement()) {
            assertThat(statement.executeUpdate("INSERT INTO agent_traces (agent, reasoning) VALUES"
                    + " ('observe-mask', 'paid with " + CARD + " today')")).isEqualTo(1);
        }
        AuditEvent insert = onlyStatement(audit.session("observe-mask"));

        assertThat(insert.decision()).isEqualTo("mask");
        assertThat(insert.ruleName()).isEqualTo("agents-write-traces");
        assertThat(insert.statementKind()).isEqualTo("insert");
        assertThat(insert.tables()).containsExactly("public.agent_traces");
        assertThat(insert.statementText()).contains("'paid with " + MASKED_CARD + " today'").doesNotContain(CARD);
        assertThat(insert.findings()).isEqualTo(Map.of("credit_card", 1));
        assertThat(insert.commandTag()).isEqualTo("INSERT 0 1");
        assertThat(insert.rowsAffected()).isEqualTo(1L);
        assertThat(insert.sqlState()).isNull();
        assertThat(StoredTraces.reasoning("observe-mask")).containsExactly("paid with " + MASKED_CARD + " today");
    }

    @Test
    void aBlockedDropIsOneBlockEventWithItsSqlState() throws Exception {
        try (Connection connection = Agents.jdbc(gateway, "observe-block");
                Statement statement = connection.createStatement()) {
            assertThatThrownBy(() -> statement.execute("DROP TABLE agent_traces"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42501"));
        }
        AuditEvent drop = onlyStatement(audit.session("observe-block"));

        assertThat(drop.decision()).isEqualTo("block");
        assertThat(drop.ruleName()).isEqualTo("no-ddl-or-server-access");
        assertThat(drop.statementKind()).isEqualTo("ddl");
        assertThat(drop.statementText()).isEqualTo("DROP TABLE agent_traces");
        assertThat(drop.sqlState()).isEqualTo("42501");
        assertThat(drop.commandTag()).isNull();
        assertThat(drop.rowsAffected()).isNull();
        try (Connection direct = gateway.postgres().connectAsGateway(); Statement statement = direct.createStatement();
                ResultSet rs = statement.executeQuery("SELECT to_regclass('public.agent_traces') IS NOT NULL")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getBoolean(1)).as("the table is still there").isTrue();
        }
    }

    @Test
    void aStatementErrorIsAuditedWithTheServersSqlState() throws Exception {
        try (Connection connection = Agents.jdbc(gateway, "observe-error");
                Statement statement = connection.createStatement()) {
            assertThatThrownBy(() -> statement.executeQuery("SELECT 1/0"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("22012"));
        }
        AuditEvent select = onlyStatement(audit.session("observe-error"));

        assertThat(select.decision()).isEqualTo("allow");
        assertThat(select.statementText()).isEqualTo("SELECT 1/0");
        assertThat(select.sqlState()).isEqualTo("22012");
        assertThat(select.commandTag()).isNull();
        assertThat(select.reason()).isNull();
    }

    @Test
    void aBindWithParametersIsAuditedWithItsMaskedParameters() throws Exception {
        try (Connection connection = Agents.jdbc(gateway, "observe-bind");
                PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO agent_traces (agent, reasoning, payload) VALUES (?, ?, ?::jsonb)")) {
            for (int i = 1; i <= 3; i++) {
                insert.setString(1, "observe-bind");
                insert.setString(2, "card " + CARD + " try " + i);
                insert.setString(3, "{\"card\": \"" + CARD + "\", \"try\": " + i + "}");
                assertThat(insert.executeUpdate()).isEqualTo(1);
            }
        }
        List<AuditEvent> statements = statements(audit.session("observe-bind"));

        assertThat(statements).hasSize(3);
        for (int i = 0; i < 3; i++) {
            AuditEvent event = statements.get(i);
            assertThat(event.decision()).isEqualTo("mask");
            assertThat(event.ruleName()).isEqualTo("agents-write-traces");
            assertThat(event.statementText()).isEqualTo(
                    "INSERT INTO agent_traces (agent, reasoning, payload) VALUES ($1, $2, $3::jsonb)");
            assertThat(event.parameters()).hasSize(3);
            assertThat(event.parameters().get(1)).isEqualTo("card " + MASKED_CARD + " try " + (i + 1));
            assertThat(event.parameters().get(2)).contains(MASKED_CARD).doesNotContain(CARD);
            assertThat(event.parameters()).noneMatch(p -> p != null && p.contains(CARD));
            assertThat(event.findings()).containsEntry("credit_card", 2);
            assertThat(event.commandTag()).isEqualTo("INSERT 0 1");
        }
        assertThat(StoredTraces.reasoning("observe-bind")).allMatch(r -> r.contains(MASKED_CARD) && !r.contains(CARD));
    }

    @Test
    void aMultiStatementQueryIsOneEventPerStatementInOrder() throws Exception {
        Agents.PsqlResult result = Agents.psql(gateway, "observe-multi", "SELECT 1; INSERT INTO agent_traces"
                + " (agent, reasoning) VALUES ('observe-multi', 'card " + CARD + "'); SELECT 2, 3; UPDATE agent_traces"
                + " SET reasoning = 'again " + CARD + "' WHERE agent = 'observe-multi'");
        assertThat(result.exitCode()).as(result.output()).isZero();
        List<AuditEvent> statements = statements(audit.session("observe-multi"));

        assertThat(statements).extracting(AuditEvent::statementKind)
                .containsExactly("select", "insert", "select", "update");
        assertThat(statements).extracting(AuditEvent::commandTag)
                .containsExactly("SELECT 1", "INSERT 0 1", "SELECT 1", "UPDATE 1");
        assertThat(statements).extracting(AuditEvent::statementText).containsExactly(
                "SELECT 1",
                "INSERT INTO agent_traces (agent, reasoning) VALUES ('observe-multi', 'card " + MASKED_CARD + "')",
                "SELECT 2, 3",
                "UPDATE agent_traces SET reasoning = 'again " + MASKED_CARD + "' WHERE agent = 'observe-multi'");
        // One Query message carries them all, so one decision (the strictest) covers each.
        assertThat(statements).extracting(AuditEvent::decision).containsOnly("mask");
        assertThat(statements.get(1).findings()).isEqualTo(Map.of("credit_card", 1));
        assertThat(statements.get(0).findings()).isEmpty();
    }

    @Test
    void aFailedStatementInAMultiStatementQueryEndsTheRestAsNotExecuted() throws Exception {
        Agents.PsqlResult result = Agents.psql(gateway, "observe-multi-error", "SELECT 1; SELECT 1/0; SELECT 3");
        assertThat(result.exitCode()).isNotZero();
        List<AuditEvent> statements = statements(audit.session("observe-multi-error"));

        assertThat(statements).extracting(AuditEvent::statementText).containsExactly("SELECT 1", "SELECT 1/0", "SELECT 3");
        assertThat(statements).extracting(AuditEvent::commandTag).containsExactly("SELECT 1", null, null);
        assertThat(statements).extracting(AuditEvent::sqlState).containsExactly(null, "22012", null);
        assertThat(statements.get(2).reason()).isEqualTo("not executed: an earlier statement of its batch failed");
    }

    @Test
    void aBlockedMultiStatementQueryIsOneBlockEventPerStatement() throws Exception {
        Agents.PsqlResult result = Agents.psql(gateway, "observe-multi-block", "SELECT 1; DROP TABLE agent_traces");
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output()).contains("no-ddl-or-server-access");
        List<AuditEvent> statements = statements(audit.session("observe-multi-block"));

        assertThat(statements).extracting(AuditEvent::statementText).containsExactly("SELECT 1", "DROP TABLE agent_traces");
        assertThat(statements).extracting(AuditEvent::decision).containsOnly("block");
        assertThat(statements).extracting(AuditEvent::ruleName).containsOnly("no-ddl-or-server-access");
        assertThat(statements).extracting(AuditEvent::commandTag).containsOnly((String) null);
        assertThat(statements.get(0).sqlState()).isEqualTo("42501");
    }

    @Test
    void aBatchWithAFailingRowIsOneEventPerRowTheRestNotExecuted() throws Exception {
        try (Connection connection = Agents.jdbc(gateway, "observe-batch");
                PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO agent_traces (id, agent, reasoning) VALUES (?, 'observe-batch', ?)")) {
            long base = 9_000_000_000L + System.nanoTime() % 1_000_000_000L;
            long[] ids = {base, base + 1, base + 1, base + 2, base + 3};
            for (long id : ids) {
                insert.setLong(1, id);
                insert.setString(2, "card " + CARD);
                insert.addBatch();
            }
            assertThatThrownBy(insert::executeBatch).isInstanceOf(BatchUpdateException.class);
        }
        List<AuditEvent> statements = statements(audit.session("observe-batch"));

        assertThat(statements).hasSize(5);
        assertThat(statements).extracting(AuditEvent::commandTag)
                .containsExactly("INSERT 0 1", "INSERT 0 1", null, null, null);
        assertThat(statements).extracting(AuditEvent::sqlState).containsExactly(null, null, "23505", null, null);
        assertThat(statements.subList(3, 5)).allMatch(e -> e.reason().contains("not executed"));
        assertThat(statements).allMatch(e -> e.parameters().get(1).equals("card " + MASKED_CARD));
    }

    @Test
    void aRefusedLoginIsOneAuthFailureEventAndOpensNoSession() throws Exception {
        Properties wrong = new Properties();
        wrong.setProperty("password", "not-the-password");
        assertThatThrownBy(() -> Agents.jdbc(gateway, "observe-auth-failure", wrong).close())
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("28P01"));
        List<AuditEvent> failures = audit.await("the auth failure", events -> events.stream()
                .anyMatch(e -> "observe-auth-failure".equals(e.applicationName())));
        List<AuditEvent> mine = failures.stream().filter(e -> "observe-auth-failure".equals(e.applicationName())).toList();

        assertThat(mine).hasSize(1);
        AuditEvent failure = mine.get(0);
        assertThat(failure.eventType()).isEqualTo(AuditEvent.AUTH_FAILURE);
        assertThat(failure.identity()).isEqualTo(GatewayFixture.AGENT);
        assertThat(failure.sqlState()).isEqualTo("28P01");
        assertThat(failure.reason()).isEqualTo("invalid_password");
        assertThat(failure.clientAddress()).contains("127.0.0.1");
        assertThat(failure.sessionId()).isNull();
        assertThat(failure.toJson()).doesNotContain("not-the-password");
    }

    @Test
    void eachSessionOpensAndClosesOnce() throws Exception {
        for (int i = 0; i < 3; i++) {
            try (Connection connection = Agents.jdbc(gateway, "observe-sessions-" + i)) {
                assertThat(connection.isValid(5)).isTrue();
            }
        }
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            List<AuditEvent> events = audit.session("observe-sessions-" + i);
            assertThat(ofType(events, AuditEvent.CONNECTION_OPEN)).hasSize(1);
            assertThat(ofType(events, AuditEvent.CONNECTION_CLOSE)).hasSize(1);
            assertThat(events.get(0).eventType()).isEqualTo(AuditEvent.CONNECTION_OPEN);
            assertThat(events.get(events.size() - 1).eventType()).isEqualTo(AuditEvent.CONNECTION_CLOSE);
            ids.add(events.get(0).sessionId());
        }
        assertThat(ids).hasSize(3);
    }
}
