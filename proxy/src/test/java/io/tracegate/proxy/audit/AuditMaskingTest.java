package io.tracegate.proxy.audit;

import static io.tracegate.proxy.audit.AsyncAuditLogTest.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tracegate.policy.ColumnKind;
import io.tracegate.policy.MaskStrategy;
import io.tracegate.policy.StatementKind;
import io.tracegate.policy.audit.AuditEvent;
import io.tracegate.policy.audit.AuditRedactor;
import io.tracegate.policy.config.AuditFailureMode;
import io.tracegate.policy.detect.DetectorSet;
import io.tracegate.policy.engine.ProtectedParts;
import io.tracegate.policy.engine.StatementSummary;
import io.tracegate.policy.mask.Masker;
import io.tracegate.policy.mask.ValueMasker;
import io.tracegate.policy.sql.ProtectedTables;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The audit writer masks statements on protected tables before the sink stores them. */
class AuditMaskingTest {

    private static final AuditRedactor REDACTOR = new AuditRedactor(
            ProtectedTables.of(Map.of("public.agent_traces", Map.of("reasoning", ColumnKind.TEXT))),
            new ValueMasker(DetectorSet.all(), new Masker(MaskStrategy.REDACT, Map.of("email", MaskStrategy.HASH),
                    "unit-key".getBytes(StandardCharsets.UTF_8))));

    private final AsyncAuditLogTest.FakeSink sink = new AsyncAuditLogTest.FakeSink();
    private final List<String> threads = Collections.synchronizedList(new ArrayList<>());
    private AsyncAuditLog auditLog;

    @AfterEach
    void close() {
        if (auditLog != null) {
            auditLog.close();
        }
    }

    private AsyncAuditLog start(AuditMasking masking) {
        auditLog = AsyncAuditLog.start(sink, AuditFailureMode.BLOCK, new SimpleMeterRegistry(), 1000, Duration.ZERO,
                (event, engineMasked) -> {
                    threads.add(Thread.currentThread().getName());
                    return masking.apply(event, engineMasked);
                });
        return auditLog;
    }

    private static AuditEvent statement(String table, String text) {
        return AuditEvent.builder(AuditEvent.STATEMENT).sessionId("s-1")
                .statement(new StatementSummary(StatementKind.SELECT, Set.of(table), text, Map.of())).build();
    }

    @Test
    void statementsOnProtectedTablesAreMaskedOnTheWriterThreadInTheOrderAppended() {
        start(REDACTOR::redact);
        AuditEvent other = statement("public.other", "SELECT 'jane@example.com'");
        auditLog.append(statement("public.agent_traces", "SELECT 1 FROM agent_traces WHERE reasoning = 'jane@example.com'"));
        auditLog.append(other);
        auditLog.append(statement("public.agent_traces", "DELETE FROM agent_traces WHERE reasoning = '123-45-6789'"));

        await(() -> sink.written().size() == 3);
        List<AuditEvent> written = sink.written();
        assertThat(written.get(0).statementText())
                .matches("SELECT 1 FROM agent_traces WHERE reasoning = '<EMAIL:[0-9a-f]{8}>'");
        assertThat(written.get(1)).isSameAs(other);
        assertThat(written.get(2).statementText()).isEqualTo("DELETE FROM agent_traces WHERE reasoning = '<US_SSN>'");
        assertThat(threads).containsOnly("tracegate-audit-fake");
    }

    @Test
    void theEnginesWordOnWhatItMaskedReachesTheMasking() {
        start(REDACTOR::redact);
        String text = "INSERT INTO agent_traces (agent, reasoning) VALUES ('jane@example.com', '<masked>')";
        int reasoning = text.lastIndexOf("'<masked>'");
        ProtectedParts parts = ProtectedParts.of(new int[] {reasoning, reasoning + "'<masked>'".length()}, Set.of());

        auditLog.append(statement("public.agent_traces", text), parts);

        await(() -> sink.written().size() == 1);
        assertThat(sink.written().get(0).statementText()).matches(
                "INSERT INTO agent_traces \\(agent, reasoning\\) VALUES \\('<EMAIL:[0-9a-f]{8}>', '<masked>'\\)");
    }

    @Test
    void maskingThatFailsWithholdsTheStatementRatherThanLoseTheEventOrStoreItRaw() {
        start((event, engineMasked) -> {
            throw new IllegalStateException("detector bug");
        });
        auditLog.append(AuditEvent.builder(AuditEvent.STATEMENT).sessionId("s-1")
                .statement(new StatementSummary(StatementKind.INSERT, Set.of("public.agent_traces"),
                        "INSERT INTO agent_traces (reasoning) VALUES ($1)", Map.of()))
                .parameters(List.of("card 4111 1111 1111 1111")).decision("mask").build());

        await(() -> sink.written().size() == 1);
        AuditEvent written = sink.written().get(0);
        assertThat(written.statementText()).isEqualTo("<statement withheld: it could not be masked>");
        assertThat(written.parameters()).isEmpty();
        assertThat(written.decision()).isEqualTo("mask");
        assertThat(auditLog.writable()).isTrue();
    }

    @Test
    void withoutMaskingEventsAreStoredAsAppended() {
        auditLog = AsyncAuditLog.start(sink, AuditFailureMode.BLOCK, new SimpleMeterRegistry(), 1000);
        AuditEvent event = statement("public.agent_traces", "SELECT 'jane@example.com' FROM agent_traces");

        auditLog.append(event, ProtectedParts.UNKNOWN);

        await(() -> sink.written().size() == 1);
        assertThat(sink.written().get(0)).isSameAs(event);
    }
}
