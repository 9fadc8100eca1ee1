package io.tracegate.policy.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracegate.policy.Identity;
import io.tracegate.policy.StatementKind;
import io.tracegate.policy.engine.Decision;
import io.tracegate.policy.engine.StatementSummary;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AuditEventTest {

    private static final Instant TIME = Instant.parse("2026-11-25T10:15:30.123456Z");

    static AuditEvent fullStatement() {
        return AuditEvent.builder(AuditEvent.STATEMENT)
                .time(TIME)
                .sessionId("s-1")
                .identity(new Identity("agent-7", Set.of("writer", "agent")))
                .clientAddress("127.0.0.1:50000")
                .applicationName("PostgreSQL JDBC Driver")
                .database("traces")
                .statement(new StatementSummary(StatementKind.INSERT, Set.of("public.agent_traces"),
                        "INSERT INTO public.agent_traces (agent, reasoning) VALUES ($1, $2)",
                        Map.of("email", 2, "credit_card", 1)))
                .parameters(Arrays.asList("agent-7", "mail <EMAIL:8f2a>", null))
                .decision(new Decision.Mask("agents-write-traces"))
                .commandTag("INSERT 0 1")
                .rowsAffected(1L)
                .durationMicros(1234L)
                .build();
    }

    @Test
    void jsonRoundTripKeepsEveryField() {
        AuditEvent event = fullStatement().toBuilder().approvalId("a-9").reviewer("alice").reason("looks fine")
                .sqlState("00000").build();

        AuditEvent back = AuditEvent.fromJson(event.toJson());

        assertThat(back).isEqualTo(event);
        assertThat(back.parameters()).containsExactly("agent-7", "mail <EMAIL:8f2a>", null);
    }

    @Test
    void jsonIsFlatSnakeCaseWithFixedOrderAndNoEmptyFields() {
        String json = AuditEvent.builder(AuditEvent.CONNECTION_OPEN).time(TIME).sessionId("s-1").identity("agent-7")
                .build().toJson();

        assertThat(json).isEqualTo(
                "{\"time\":\"2026-11-25T10:15:30.123456Z\",\"event\":\"connection_open\",\"session_id\":\"s-1\","
                        + "\"identity\":\"agent-7\"}");
    }

    @Test
    void collectionsAreSortedSoTheJsonDoesNotDependOnCollectionOrder() {
        Map<String, Integer> findings = new LinkedHashMap<>();
        findings.put("phone", 1);
        findings.put("email", 3);
        AuditEvent event = fullStatement().toBuilder().roles(Set.of("b", "a", "c")).findings(findings).build();

        assertThat(event.roles()).containsExactly("a", "b", "c");
        assertThat(event.toJson()).contains("\"findings\":{\"email\":3,\"phone\":1}")
                .contains("\"roles\":[\"a\",\"b\",\"c\"]");
    }

    @Test
    void unknownFieldsSuchAsTheChainsAreIgnoredWhenReading() {
        AuditEvent event = AuditEvent.fromJson(
                "{\"seq\":7,\"prev\":\"00\",\"time\":\"2026-11-25T10:15:30Z\",\"event\":\"policy_reload\",\"reason\":\"x\"}");

        assertThat(event.eventType()).isEqualTo(AuditEvent.POLICY_RELOAD);
        assertThat(event.reason()).isEqualTo("x");
        assertThat(event.roles()).isEmpty();
        assertThat(event.parameters()).isEmpty();
    }

    @Test
    void readingRejectsWhatIsNotAnEvent() {
        assertThatThrownBy(() -> AuditEvent.fromJson("{\"event\":\"statement\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("time");
        assertThatThrownBy(() -> AuditEvent.fromJson("{\"time\":\"yesterday\",\"event\":\"statement\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ISO-8601");
        assertThatThrownBy(() -> AuditEvent.fromJson("{\"time\":\"2026-11-25T10:15:30Z\",\"event\":\"statement\""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not JSON");
        assertThatThrownBy(() -> AuditEvent.fromJson("[1]")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void toStringNeverShowsStatementTextOrParameters() {
        String shown = fullStatement().toString();

        assertThat(shown).contains("agent-7", "mask", "public.agent_traces")
                .doesNotContain("INSERT INTO", "<EMAIL:8f2a>");
    }

    @Test
    void timesAreKeptToTheMicrosecond() {
        AuditEvent event = AuditEvent.builder(AuditEvent.STATEMENT).time(Instant.parse("2026-11-25T10:15:30.123456789Z"))
                .build();

        assertThat(event.time()).isEqualTo(Instant.parse("2026-11-25T10:15:30.123456Z"));
    }

    @Test
    void builderDefaultsTheTimeToNowAndNeedsAType() {
        Instant before = Instant.now();
        AuditEvent event = AuditEvent.builder(AuditEvent.AUTH_FAILURE).build();

        assertThat(event.time()).isBetween(before.truncatedTo(java.time.temporal.ChronoUnit.MICROS), Instant.now());
        assertThatThrownBy(() -> AuditEvent.builder(null)).isInstanceOf(NullPointerException.class);
        assertThat(AuditEvent.EVENT_TYPES).hasSize(8).contains(AuditEvent.AUDIT_GAP);
        assertThat(List.copyOf(AuditEvent.EVENT_TYPES)).doesNotHaveDuplicates();
    }
}
