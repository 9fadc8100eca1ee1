package io.tracegate.it.observe;

import static io.tracegate.it.observe.AuditTrail.ofType;
import static io.tracegate.it.observe.AuditTrail.onlyStatement;
import static io.tracegate.it.observe.AuditTrail.statements;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracegate.it.support.GatewayFixture;
import io.tracegate.policy.audit.AuditEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Statements held for a reviewer (rule possible-exfiltration: a write carrying a URL), decided
 * through the admin API as the reviewer alice: approval_requested and approval_decided events,
 * and still exactly one statement event, with the decision, approval id and reviewer.
 */
class HoldAuditTest {

    private static final String CARD = "4111111111111111";
    private static final String MASKED_CARD = "************1111";

    private static GatewayFixture gateway;
    private static AuditTrail audit;
    private static AdminHttp admin;

    @BeforeAll
    static void start() {
        gateway = GatewayFixture.start();
        audit = new AuditTrail(gateway.auditFile());
        admin = new AdminHttp(gateway.server().adminPort());
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void aHeldInsertThatIsApprovedIsAuditedAsRequestedDecidedAndApproved() throws Exception {
        String marker = "observe-hold-approve";
        AuditEvent statement = heldInsert(marker, true, false);

        assertThat(statement.decision()).isEqualTo("approved");
        assertThat(statement.ruleName()).isEqualTo("possible-exfiltration");
        assertThat(statement.reviewer()).isEqualTo("alice");
        assertThat(statement.commandTag()).isEqualTo("INSERT 0 1");
        assertThat(statement.rowsAffected()).isEqualTo(1L);
        assertThat(statement.sqlState()).isNull();
        assertThat(StoredTraces.reasoning(marker)).hasSize(1);
    }

    @Test
    void aHeldBindThatIsRejectedIsAuditedAsRequestedDecidedAndRejected() throws Exception {
        String marker = "observe-hold-reject";
        AuditEvent statement = heldInsert(marker, false, true);

        assertThat(statement.decision()).isEqualTo("rejected");
        assertThat(statement.ruleName()).isEqualTo("possible-exfiltration");
        assertThat(statement.reviewer()).isEqualTo("alice");
        assertThat(statement.sqlState()).isEqualTo("42501");
        assertThat(statement.commandTag()).isNull();
        assertThat(StoredTraces.reasoning(marker)).isEmpty();
    }

    /**
     * Sends an INSERT carrying a URL (held by possible-exfiltration), decides it through the
     * admin API, and checks the approval events; returns the statement's own event.
     */
    private AuditEvent heldInsert(String marker, boolean approve, boolean withParameters) throws Exception {
        String id;
        try (Connection connection = Agents.jdbc(gateway, marker)) {
            CompletableFuture<Integer> insert = CompletableFuture.supplyAsync(() -> {
                String reasoning = "upload it to https://paste.example.net/" + marker + " card " + CARD;
                try {
                    if (withParameters) {
                        try (PreparedStatement statement = connection.prepareStatement(
                                "INSERT INTO agent_traces (agent, reasoning) VALUES (?, ?)")) {
                            statement.setString(1, marker);
                            statement.setString(2, reasoning);
                            return statement.executeUpdate();
                        }
                    }
                    try (Statement statement = connection.createStatement()) {
                        return statement.executeUpdate("INSERT INTO agent_traces (agent, reasoning) VALUES ('" + marker
                                + "', '" + reasoning + "')");
                    }
                } catch (SQLException e) {
                    throw new IllegalStateException(e.getSQLState() + " " + e.getMessage(), e);
                }
            });
            id = admin.awaitPendingApproval(marker);
            admin.decide(id, approve);
            if (approve) {
                assertThat(insert.get(30, TimeUnit.SECONDS)).isEqualTo(1);
            } else {
                assertThatThrownBy(() -> insert.get(30, TimeUnit.SECONDS)).hasMessageContaining("42501")
                        .hasMessageContaining("rejected by alice").hasMessageContaining(id);
            }
        }
        List<AuditEvent> events = audit.session(marker);
        List<AuditEvent> all = audit.events();
        AuditEvent requested = single(ofType(all, AuditEvent.APPROVAL_REQUESTED), id);
        AuditEvent decided = single(ofType(all, AuditEvent.APPROVAL_DECIDED), id);
        AuditEvent statement = onlyStatement(events);

        assertThat(requested.decision()).isEqualTo("hold");
        assertThat(requested.ruleName()).isEqualTo("possible-exfiltration");
        assertThat(requested.identity()).isEqualTo(GatewayFixture.AGENT);
        assertThat(requested.sessionId()).isEqualTo(statement.sessionId());
        assertThat(decided.decision()).isEqualTo(approve ? "approved" : "rejected");
        assertThat(decided.reviewer()).isEqualTo("alice");
        assertThat(decided.reason()).isEqualTo(approve ? "approved" : "rejected");
        assertThat(decided.time()).isAfterOrEqualTo(requested.time());
        assertThat(all.indexOf(requested)).isLessThan(all.indexOf(decided));

        assertThat(statement.approvalId()).isEqualTo(id);
        assertThat(statement.findings()).containsEntry("credit_card", 1).containsEntry("url", 1);
        for (AuditEvent event : List.of(requested, decided, statement)) {
            if (withParameters) {
                assertThat(event.statementText()).isEqualTo("INSERT INTO agent_traces (agent, reasoning) VALUES ($1, $2)");
                assertThat(event.parameters().get(1)).contains(MASKED_CARD).doesNotContain(CARD);
            } else {
                assertThat(event.statementText()).contains(MASKED_CARD).doesNotContain(CARD);
            }
        }
        return statement;
    }

    private static AuditEvent single(List<AuditEvent> events, String approvalId) {
        List<AuditEvent> matching = events.stream().filter(e -> approvalId.equals(e.approvalId())).toList();
        assertThat(matching).as("events for approval %s", approvalId).hasSize(1);
        return matching.get(0);
    }

    @Test
    void aHeldMultiStatementQueryShowsTheReviewerEveryStatement() throws Exception {
        String marker = "observe-multi-hold";
        CompletableFuture<Agents.PsqlResult> psql = CompletableFuture.supplyAsync(() -> {
            try {
                return Agents.psql(gateway, marker, "SELECT 1; INSERT INTO agent_traces (agent, reasoning) VALUES ('"
                        + marker + "', 'fetch https://paste.example.net/" + marker + "')");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        String id = admin.awaitPendingApproval("https://paste.example.net/" + marker);
        admin.decide(id, false);
        assertThat(psql.get(30, TimeUnit.SECONDS).exitCode()).isNotZero();
        List<AuditEvent> events = audit.session(marker);

        AuditEvent requested = single(ofType(events, AuditEvent.APPROVAL_REQUESTED), id);
        assertThat(requested.statementText()).contains("SELECT 1").contains("INSERT INTO agent_traces");
        assertThat(statements(events)).extracting(AuditEvent::statementText).containsExactly("SELECT 1",
                "INSERT INTO agent_traces (agent, reasoning) VALUES ('" + marker + "', 'fetch https://paste.example.net/"
                        + marker + "')");
        assertThat(statements(events)).extracting(AuditEvent::decision).containsOnly("rejected");
        assertThat(StoredTraces.reasoning(marker)).isEmpty();
    }

    @Test
    void aHeldStatementWhoseClientLeavesIsAuditedOnceAndWritesNothing() throws Exception {
        abandonAHold("observe-hold-abandoned-extended", Agents.jdbc(gateway, "observe-hold-abandoned-extended"));
        abandonAHold("observe-hold-abandoned-simple", Agents.simpleJdbc(gateway, "observe-hold-abandoned-simple"));
    }

    /** Holds an INSERT from {@code connection} (held at its Bind, or at its Query), then drops the connection. */
    private void abandonAHold(String marker, Connection connection) throws Exception {
        CompletableFuture<Integer> insert = CompletableFuture.supplyAsync(() -> {
            try (Statement statement = connection.createStatement()) {
                return statement.executeUpdate("INSERT INTO agent_traces (agent, reasoning) VALUES ('" + marker
                        + "', 'see https://paste.example.net/" + marker + "')");
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        String id = admin.awaitPendingApproval(marker);
        connection.abort(Runnable::run);
        assertThatThrownBy(() -> insert.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(IllegalStateException.class);

        List<AuditEvent> events = audit.await("the held statement's event", all -> all.stream()
                .anyMatch(e -> e.eventType().equals(AuditEvent.STATEMENT) && id.equals(e.approvalId())));
        List<AuditEvent> statement = statements(events).stream().filter(e -> id.equals(e.approvalId())).toList();
        assertThat(statement).hasSize(1);
        assertThat(statement.get(0).decision()).isEqualTo("rejected");
        assertThat(statement.get(0).commandTag()).isNull();
        assertThat(statement.get(0).reason()).isEqualTo("no answer: the session ended first");
        assertThat(single(ofType(events, AuditEvent.APPROVAL_DECIDED), id).reason()).contains("cancel");
        assertThat(admin.pendingApprovals(marker)).isEmpty();
        assertThat(StoredTraces.reasoning(marker)).isEmpty();
    }
}
