package io.tracegate.policy.audit;

import io.tracegate.policy.Identity;
import io.tracegate.policy.StatementKind;
import io.tracegate.policy.engine.Decision;
import io.tracegate.policy.engine.StatementSummary;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One entry of the audit log: a statement, a connection opening or closing, a failed login, an
 * approval requested or decided, a policy reload, or a gap in the log itself.
 *
 * <p>Everything in an event has already passed through the policy: {@code statementText} and
 * {@code parameters} are the forms that were forwarded, with sensitive values masked, and
 * {@code findings} holds detector types and counts, never the values found. Fields that do not
 * apply to an event's type are null (or empty, for collections).
 *
 * <p>Collections are copied and sorted where order carries no meaning, so the JSON form of an
 * event is the same whichever order its parts were collected in.
 *
 * @param time            when it happened (statement events: when the statement was received),
 *                        to the microsecond
 * @param eventType       one of the {@code *} constants in this class, e.g. {@link #STATEMENT}
 * @param decision        allow, mask, block, hold, approved or rejected; null for non-statement events
 * @param findings        detector type to count
 * @param durationMicros  statement: from receipt to CommandComplete or error
 */
public record AuditEvent(
        Instant time,
        String eventType,
        String sessionId,
        String identity,
        Set<String> roles,
        String clientAddress,
        String applicationName,
        String database,
        String statementKind,
        Set<String> tables,
        String statementText,
        List<String> parameters,
        String decision,
        String ruleName,
        Map<String, Integer> findings,
        String approvalId,
        String reviewer,
        String reason,
        String commandTag,
        Long rowsAffected,
        String sqlState,
        Long durationMicros) {

    public static final String STATEMENT = "statement";
    public static final String CONNECTION_OPEN = "connection_open";
    public static final String CONNECTION_CLOSE = "connection_close";
    public static final String AUTH_FAILURE = "auth_failure";
    public static final String APPROVAL_REQUESTED = "approval_requested";
    public static final String APPROVAL_DECIDED = "approval_decided";
    public static final String POLICY_RELOAD = "policy_reload";
    /** Written by the audit log itself once it can write again after an outage. */
    public static final String AUDIT_GAP = "audit_gap";

    /** Every event type, in the order the documentation lists them. */
    public static final List<String> EVENT_TYPES = List.of(STATEMENT, CONNECTION_OPEN, CONNECTION_CLOSE, AUTH_FAILURE,
            APPROVAL_REQUESTED, APPROVAL_DECIDED, POLICY_RELOAD, AUDIT_GAP);

    public AuditEvent {
        // Microseconds, as PostgreSQL keeps them: the same event reads back the same from either sink.
        time = Objects.requireNonNull(time, "time").truncatedTo(ChronoUnit.MICROS);
        Objects.requireNonNull(eventType, "eventType");
        roles = sortedSet(roles);
        tables = sortedSet(tables);
        // Not List.copyOf: a masked parameter may be SQL NULL.
        parameters = parameters == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(parameters));
        findings = findings == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(findings));
    }

    private static Set<String> sortedSet(Collection<String> values) {
        if (values == null || values.isEmpty()) {
            return Set.of();
        }
        if (values.size() == 1) {
            return Set.of(values.iterator().next());
        }
        return Collections.unmodifiableSet(new LinkedHashSet<>(new TreeSet<>(values)));
    }

    public static Builder builder(String eventType) {
        return new Builder(eventType);
    }

    /** A builder holding every field of this event, to derive a changed copy. */
    public Builder toBuilder() {
        return new Builder(eventType).time(time).sessionId(sessionId).identity(identity).roles(roles)
                .clientAddress(clientAddress).applicationName(applicationName).database(database)
                .statementKind(statementKind).tables(tables).statementText(statementText).parameters(parameters)
                .decision(decision).ruleName(ruleName).findings(findings).approvalId(approvalId).reviewer(reviewer)
                .reason(reason).commandTag(commandTag).rowsAffected(rowsAffected).sqlState(sqlState)
                .durationMicros(durationMicros);
    }

    /** One line of JSON, without a line break; null fields and empty collections are left out. */
    public String toJson() {
        return AuditEventJson.toJson(this);
    }

    /** Reads what {@link #toJson()} wrote; fields it does not know (such as a chain's) are ignored. */
    public static AuditEvent fromJson(String json) {
        return AuditEventJson.fromJson(json);
    }

    /** Never prints statement text or parameters. */
    @Override
    public String toString() {
        return "AuditEvent[" + time + " " + eventType + " session=" + sessionId + " identity=" + identity
                + (decision == null ? "" : " decision=" + decision + " rule=" + ruleName)
                + (statementKind == null ? "" : " kind=" + statementKind + " tables=" + tables)
                + (findings.isEmpty() ? "" : " findings=" + findings) + "]";
    }

    /** Collects an event field by field; only the type is required, and the time defaults to now. */
    public static final class Builder {
        private Instant time;
        private final String eventType;
        private String sessionId;
        private String identity;
        private Set<String> roles;
        private String clientAddress;
        private String applicationName;
        private String database;
        private String statementKind;
        private Set<String> tables;
        private String statementText;
        private List<String> parameters;
        private String decision;
        private String ruleName;
        private Map<String, Integer> findings;
        private String approvalId;
        private String reviewer;
        private String reason;
        private String commandTag;
        private Long rowsAffected;
        private String sqlState;
        private Long durationMicros;

        private Builder(String eventType) {
            this.eventType = Objects.requireNonNull(eventType, "eventType");
        }

        public Builder time(Instant value) {
            time = value;
            return this;
        }

        public Builder sessionId(String value) {
            sessionId = value;
            return this;
        }

        public Builder identity(String value) {
            identity = value;
            return this;
        }

        /** The identity's name and roles. */
        public Builder identity(Identity value) {
            identity = value.name();
            roles = value.roles();
            return this;
        }

        public Builder roles(Set<String> value) {
            roles = value;
            return this;
        }

        public Builder clientAddress(String value) {
            clientAddress = value;
            return this;
        }

        public Builder applicationName(String value) {
            applicationName = value;
            return this;
        }

        public Builder database(String value) {
            database = value;
            return this;
        }

        public Builder statementKind(String value) {
            statementKind = value;
            return this;
        }

        /** The kind under its policy-file name, e.g. {@code copy_from_stdin}. */
        public Builder statementKind(StatementKind value) {
            statementKind = value == null ? null : value.policyName();
            return this;
        }

        public Builder tables(Set<String> value) {
            tables = value;
            return this;
        }

        public Builder statementText(String value) {
            statementText = value;
            return this;
        }

        public Builder parameters(List<String> value) {
            parameters = value;
            return this;
        }

        /** Kind, tables, forwarded text and findings of one analysed statement. */
        public Builder statement(StatementSummary summary) {
            statementKind(summary.kind());
            tables = summary.tables();
            statementText = summary.forwardedText();
            findings = summary.findings();
            return this;
        }

        public Builder decision(String value) {
            decision = value;
            return this;
        }

        /** The decision's label and the rule that made it. */
        public Builder decision(Decision value) {
            decision = value.label();
            ruleName = value.ruleName();
            return this;
        }

        public Builder ruleName(String value) {
            ruleName = value;
            return this;
        }

        public Builder findings(Map<String, Integer> value) {
            findings = value;
            return this;
        }

        public Builder approvalId(String value) {
            approvalId = value;
            return this;
        }

        public Builder reviewer(String value) {
            reviewer = value;
            return this;
        }

        public Builder reason(String value) {
            reason = value;
            return this;
        }

        public Builder commandTag(String value) {
            commandTag = value;
            return this;
        }

        public Builder rowsAffected(Long value) {
            rowsAffected = value;
            return this;
        }

        public Builder sqlState(String value) {
            sqlState = value;
            return this;
        }

        public Builder durationMicros(Long value) {
            durationMicros = value;
            return this;
        }

        public AuditEvent build() {
            return new AuditEvent(time != null ? time : Instant.now(), eventType, sessionId, identity, roles,
                    clientAddress, applicationName, database, statementKind, tables, statementText, parameters,
                    decision, ruleName, findings, approvalId, reviewer, reason, commandTag, rowsAffected, sqlState,
                    durationMicros);
        }
    }
}
