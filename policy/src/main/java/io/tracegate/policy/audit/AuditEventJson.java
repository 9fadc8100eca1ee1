package io.tracegate.policy.audit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JSON form of an {@link AuditEvent}: flat, snake_case, fields in a fixed order, nulls and
 * empty collections left out. Written with Jackson's streaming generator (one event per
 * statement is on the hot path of the audit writer); read through a tree, which tolerates
 * fields it does not know so that a chained line ({@code seq}, {@code prev}) reads as an event.
 */
public final class AuditEventJson {

    public static final String TIME = "time";
    public static final String EVENT = "event";
    public static final String SESSION_ID = "session_id";
    public static final String IDENTITY = "identity";
    public static final String ROLES = "roles";
    public static final String CLIENT_ADDRESS = "client_address";
    public static final String APPLICATION_NAME = "application_name";
    public static final String DATABASE = "database";
    public static final String STATEMENT_KIND = "statement_kind";
    public static final String TABLES = "tables";
    public static final String STATEMENT = "statement";
    public static final String PARAMETERS = "parameters";
    public static final String DECISION = "decision";
    public static final String RULE = "rule";
    public static final String FINDINGS = "findings";
    public static final String APPROVAL_ID = "approval_id";
    public static final String REVIEWER = "reviewer";
    public static final String REASON = "reason";
    public static final String COMMAND_TAG = "command_tag";
    public static final String ROWS_AFFECTED = "rows_affected";
    public static final String SQL_STATE = "sql_state";
    public static final String DURATION_US = "duration_us";

    private static final JsonFactory FACTORY = new JsonFactory();
    private static final ObjectMapper MAPPER = new ObjectMapper(FACTORY);

    private AuditEventJson() {
    }

    public static String toJson(AuditEvent event) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            json.writeStartObject();
            writeFields(event, json);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString();
    }

    /**
     * Writes the event's fields into an object the caller has started, so that a container
     * (a hash-chained line) can put its own fields first and stay one flat object.
     */
    public static void writeFields(AuditEvent event, JsonGenerator json) throws IOException {
        json.writeStringField(TIME, event.time().toString());
        json.writeStringField(EVENT, event.eventType());
        string(json, SESSION_ID, event.sessionId());
        string(json, IDENTITY, event.identity());
        strings(json, ROLES, event.roles());
        string(json, CLIENT_ADDRESS, event.clientAddress());
        string(json, APPLICATION_NAME, event.applicationName());
        string(json, DATABASE, event.database());
        string(json, STATEMENT_KIND, event.statementKind());
        strings(json, TABLES, event.tables());
        if (event.statementText() != null) {
            json.writeFieldName(STATEMENT);
            JsonStrings.writeString(json, event.statementText());
        }
        strings(json, PARAMETERS, event.parameters());
        string(json, DECISION, event.decision());
        string(json, RULE, event.ruleName());
        if (!event.findings().isEmpty()) {
            json.writeObjectFieldStart(FINDINGS);
            for (Map.Entry<String, Integer> finding : event.findings().entrySet()) {
                json.writeNumberField(finding.getKey(), finding.getValue());
            }
            json.writeEndObject();
        }
        string(json, APPROVAL_ID, event.approvalId());
        string(json, REVIEWER, event.reviewer());
        string(json, REASON, event.reason());
        string(json, COMMAND_TAG, event.commandTag());
        number(json, ROWS_AFFECTED, event.rowsAffected());
        string(json, SQL_STATE, event.sqlState());
        number(json, DURATION_US, event.durationMicros());
    }

    private static void string(JsonGenerator json, String name, String value) throws IOException {
        if (value != null) {
            json.writeStringField(name, value);
        }
    }

    private static void number(JsonGenerator json, String name, Long value) throws IOException {
        if (value != null) {
            json.writeNumberField(name, value);
        }
    }

    private static void strings(JsonGenerator json, String name, Collection<String> values) throws IOException {
        if (values.isEmpty()) {
            return;
        }
        json.writeArrayFieldStart(name);
        for (String value : values) {
            if (value == null) {
                json.writeNull();
            } else {
                JsonStrings.writeString(json, value);
            }
        }
        json.writeEndArray();
    }

    /** @throws IllegalArgumentException when the text is not an event's JSON object */
    public static AuditEvent fromJson(String text) {
        JsonNode node;
        try {
            node = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        }
        return fromNode(node);
    }

    /** @throws IllegalArgumentException when the node is not an event's JSON object */
    public static AuditEvent fromNode(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        String time = text(node, TIME);
        String event = text(node, EVENT);
        if (time == null || event == null) {
            throw new IllegalArgumentException("an audit event needs \"" + TIME + "\" and \"" + EVENT + "\"");
        }
        Instant instant;
        try {
            instant = Instant.parse(time);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("\"" + TIME + "\" is not an ISO-8601 instant: " + time, e);
        }
        return AuditEvent.builder(event)
                .time(instant)
                .sessionId(text(node, SESSION_ID))
                .identity(text(node, IDENTITY))
                .roles(new LinkedHashSet<>(texts(node, ROLES)))
                .clientAddress(text(node, CLIENT_ADDRESS))
                .applicationName(text(node, APPLICATION_NAME))
                .database(text(node, DATABASE))
                .statementKind(text(node, STATEMENT_KIND))
                .tables(new LinkedHashSet<>(texts(node, TABLES)))
                .statementText(text(node, STATEMENT))
                .parameters(texts(node, PARAMETERS))
                .decision(text(node, DECISION))
                .ruleName(text(node, RULE))
                .findings(findings(node.get(FINDINGS)))
                .approvalId(text(node, APPROVAL_ID))
                .reviewer(text(node, REVIEWER))
                .reason(text(node, REASON))
                .commandTag(text(node, COMMAND_TAG))
                .rowsAffected(number(node, ROWS_AFFECTED))
                .sqlState(text(node, SQL_STATE))
                .durationMicros(number(node, DURATION_US))
                .build();
    }

    private static String text(JsonNode node, String name) {
        JsonNode value = node.get(name);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static Long number(JsonNode node, String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.canConvertToLong()) {
            throw new IllegalArgumentException("\"" + name + "\" is not a whole number");
        }
        return value.asLong();
    }

    private static List<String> texts(JsonNode node, String name) {
        JsonNode value = node.get(name);
        List<String> out = new ArrayList<>();
        if (value == null || value.isNull()) {
            return out;
        }
        if (!value.isArray()) {
            throw new IllegalArgumentException("\"" + name + "\" is not an array");
        }
        value.forEach(item -> out.add(item.isNull() ? null : item.asText()));
        return out;
    }

    private static Map<String, Integer> findings(JsonNode value) {
        Map<String, Integer> out = new TreeMap<>();
        if (value == null || value.isNull()) {
            return out;
        }
        if (!value.isObject()) {
            throw new IllegalArgumentException("\"" + FINDINGS + "\" is not an object");
        }
        value.properties().forEach(entry -> out.put(entry.getKey(), entry.getValue().asInt()));
        return out;
    }
}
