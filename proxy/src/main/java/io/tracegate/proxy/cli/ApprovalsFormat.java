package io.tracegate.proxy.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.tracegate.proxy.approval.ApprovalJson;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;

/** Prints the approvals API's JSON for people: a table of pending requests and one request in full. */
final class ApprovalsFormat {

    static final int STATEMENT_COLUMN = 60;

    private ApprovalsFormat() {
    }

    static void table(JsonNode approvals, PrintWriter out) {
        if (approvals.isEmpty()) {
            out.println("no pending approval requests");
            return;
        }
        String format = "%-16s  %-12s  %-24s  %-9s  %s%n";
        out.printf(format, "ID", "AGENT", "RULE", "WAITING", "STATEMENT");
        for (JsonNode approval : approvals) {
            out.printf(format, approval.path("id").asText(), approval.path("requester").asText(),
                    approval.path("rule").asText(), waited(approval.path("waitingMillis").asLong()),
                    oneLine(approval.path("statement").asText(), STATEMENT_COLUMN));
        }
    }

    static void details(JsonNode approval, PrintWriter out) {
        out.println("id:          " + approval.path("id").asText());
        out.println("status:      " + approval.path("status").asText());
        out.println("agent:       " + approval.path("requester").asText()
                + " (roles: " + String.join(", ", ApprovalJson.stringList(approval.path("requesterRoles"))) + ")");
        out.println("rule:        " + approval.path("rule").asText());
        out.println("reviewers:   " + String.join(", ", ApprovalJson.stringList(approval.path("reviewerRoles"))));
        out.println("session:     " + approval.path("sessionId").asText());
        out.println("client:      " + approval.path("clientAddress").asText());
        out.println("requested:   " + approval.path("requestedAt").asText());
        if (approval.hasNonNull("deadline")) {
            out.println("deadline:    " + approval.path("deadline").asText());
        }
        out.println("waited:      " + waited(approval.path("waitingMillis").asLong()));
        out.println("statement (masked):");
        approval.path("statement").asText().lines().forEach(line -> out.println("  " + line));
        List<String> parameters = ApprovalJson.stringList(approval.path("parameters"));
        if (!parameters.isEmpty()) {
            out.println("parameters (masked):");
            for (int i = 0; i < parameters.size(); i++) {
                String value = parameters.get(i);
                out.println("  $" + (i + 1) + " = " + (value == null ? "NULL" : oneLine(value, 200)));
            }
        }
        JsonNode decision = approval.path("decision");
        if (decision.isObject()) {
            StringBuilder line = new StringBuilder("decision:    ").append(decision.path("outcome").asText());
            if (decision.hasNonNull("reviewer")) {
                line.append(" by ").append(decision.path("reviewer").asText());
            }
            line.append(" at ").append(decision.path("decidedAt").asText());
            if (!decision.path("reason").asText().isEmpty()) {
                line.append(": ").append(decision.path("reason").asText());
            }
            out.println(line);
        }
    }

    static String waited(long millis) {
        Duration waited = Duration.ofMillis(millis);
        if (waited.toMinutes() == 0) {
            return waited.toSeconds() + "s";
        }
        if (waited.toHours() == 0) {
            return waited.toMinutes() + "m" + String.format("%02ds", waited.toSecondsPart());
        }
        return waited.toHours() + "h" + String.format("%02dm", waited.toMinutesPart());
    }

    /** Newlines and runs of spaces folded, cut to {@code width} characters. */
    static String oneLine(String text, int width) {
        String folded = text.replaceAll("\\s+", " ").strip();
        return folded.length() <= width ? folded : folded.substring(0, width - 1) + "…";
    }
}
