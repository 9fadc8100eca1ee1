package io.tracegate.proxy.audit;

import io.tracegate.policy.audit.AuditEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Audit events for tests. */
final class TestEvents {

    static final Instant START = Instant.parse("2026-11-25T10:00:00Z");

    private TestEvents() {
    }

    /** Statement {@code n}: a second after {@link #START} per n, alternating identity, table and decision. */
    static AuditEvent statement(int n) {
        return AuditEvent.builder(AuditEvent.STATEMENT)
                .time(START.plusSeconds(n))
                .sessionId("s-" + (n % 3))
                .identity(n % 2 == 0 ? "agent-7" : "agent-9")
                .roles(Set.of("agent"))
                .statementKind(n % 2 == 0 ? "insert" : "select")
                .tables(Set.of(n % 2 == 0 ? "public.agent_traces" : "public.notes"))
                .statementText("INSERT INTO public.agent_traces (reasoning) VALUES ('<EMAIL>') -- " + n)
                .parameters(List.of("<REDACTED>"))
                .decision(n % 5 == 0 ? "block" : "mask")
                .ruleName("rule-" + (n % 5))
                .findings(Map.of("email", 1))
                .commandTag(n % 5 == 0 ? null : "INSERT 0 1")
                .sqlState(n % 5 == 0 ? "42501" : null)
                .durationMicros(100L + n)
                .build();
    }
}
