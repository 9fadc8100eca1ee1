package io.tracegate.proxy.approval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The one JSON shape of a request and its decision, shared by the journal, the control
 * database, the admin API, the CLI and the webhook, so they can never drift apart.
 */
public final class ApprovalJson {

    /** Thread-safe once configured; shared. */
    public static final ObjectMapper MAPPER = new ObjectMapper();

    private ApprovalJson() {
    }

    public static ObjectNode toJson(ApprovalView view) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("id", view.id());
        node.put("sessionId", view.sessionId());
        node.put("requester", view.requester());
        node.set("requesterRoles", strings(view.requesterRoles()));
        node.put("rule", view.ruleName());
        node.set("reviewerRoles", strings(view.reviewerRoles()));
        node.put("statement", view.maskedStatement());
        node.set("parameters", strings(view.maskedParameters()));
        node.put("clientAddress", view.clientAddress());
        node.put("requestedAt", view.requestedAt().toString());
        node.put("deadline", view.deadline().map(Instant::toString).orElse(null));
        node.put("status", view.status());
        node.set("decision", view.decision().map(ApprovalJson::toJson).orElse(null));
        return node;
    }

    /** The view as the admin API shows it: with how long it has waited (or waited) as of {@code now}. */
    public static ObjectNode toJson(ApprovalView view, Instant now) {
        ObjectNode node = toJson(view);
        node.put("waitingMillis", view.waited(now).toMillis());
        return node;
    }

    public static ObjectNode toJson(ApprovalDecision decision) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("outcome", decision.outcome().name());
        node.put("reviewer", decision.reviewer());
        node.put("reason", decision.reason());
        node.put("decidedAt", decision.decidedAt().toString());
        return node;
    }

    public static ApprovalView view(JsonNode node) {
        return new ApprovalView(
                text(node, "id"),
                text(node, "sessionId"),
                text(node, "requester"),
                new LinkedHashSet<>(stringList(node.get("requesterRoles"))),
                text(node, "rule"),
                new LinkedHashSet<>(stringList(node.get("reviewerRoles"))),
                text(node, "statement"),
                stringList(node.get("parameters")),
                text(node, "clientAddress"),
                Instant.parse(text(node, "requestedAt")),
                optionalText(node, "deadline").map(Instant::parse),
                present(node.get("decision")) ? Optional.of(decision(node.get("decision"))) : Optional.empty());
    }

    public static ApprovalDecision decision(JsonNode node) {
        return new ApprovalDecision(
                ApprovalDecision.Outcome.valueOf(text(node, "outcome")),
                optionalText(node, "reviewer").orElse(null),
                optionalText(node, "reason").orElse(""),
                Instant.parse(text(node, "decidedAt")));
    }

    public static ArrayNode strings(Collection<String> values) {
        ArrayNode array = MAPPER.createArrayNode();
        values.forEach(array::add);
        return array;
    }

    /** Elements of a JSON array of strings; JSON null elements stay null (SQL NULL parameters). */
    public static List<String> stringList(JsonNode array) {
        List<String> values = new ArrayList<>();
        if (present(array)) {
            array.forEach(element -> values.add(element.isNull() ? null : element.asText()));
        }
        return values;
    }

    public static Set<String> stringSet(JsonNode array) {
        return new LinkedHashSet<>(stringList(array));
    }

    public static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    public static JsonNode read(String json) throws JsonProcessingException {
        return MAPPER.readTree(json);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (!present(value)) {
            throw new IllegalArgumentException("missing field '" + field + "'");
        }
        return value.asText();
    }

    private static Optional<String> optionalText(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return present(value) ? Optional.of(value.asText()) : Optional.empty();
    }

    private static boolean present(JsonNode value) {
        return value != null && !value.isNull() && !value.isMissingNode();
    }
}
