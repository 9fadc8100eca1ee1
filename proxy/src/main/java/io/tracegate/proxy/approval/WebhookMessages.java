package io.tracegate.proxy.approval;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;

/**
 * The JSON a webhook receives: a Slack-compatible {@code text} for people, plus the event name
 * and the request as the admin API shows it for programs.
 */
final class WebhookMessages {

    /** Long statements are cut in the text; the full masked text is in {@code approval.statement}. */
    static final int STATEMENT_PREVIEW = 500;

    private WebhookMessages() {
    }

    static ObjectNode requested(ApprovalView view) {
        String text = "Tracegate approval `" + view.id() + "` is waiting: *" + escape(view.requester())
                + "* (rule *" + escape(view.ruleName()) + "*"
                + view.deadline().map(d -> ", times out in " + format(Duration.between(view.requestedAt(), d))).orElse("")
                + ") wants to run:\n```" + escape(preview(view.maskedStatement())) + "```\n"
                + "Decide on the reviewer page or with `tracegate approvals approve|reject " + view.id() + "`.";
        return message("approval.requested", text, view);
    }

    static ObjectNode decided(ApprovalView view) {
        ApprovalDecision decision = view.decision().orElseThrow();
        StringBuilder text = new StringBuilder("Tracegate approval `").append(view.id()).append("` (")
                .append(escape(view.requester())).append(", rule ").append(escape(view.ruleName())).append("): *")
                .append(decision.outcome()).append('*');
        if (decision.reviewer() != null) {
            text.append(" by ").append(escape(decision.reviewer()));
        }
        if (!decision.reason().isEmpty()) {
            text.append(": ").append(escape(decision.reason()));
        }
        return message("approval.decided", text.toString(), view);
    }

    private static ObjectNode message(String event, String text, ApprovalView view) {
        ObjectNode node = ApprovalJson.MAPPER.createObjectNode();
        node.put("text", text);
        node.put("event", event);
        node.set("approval", ApprovalJson.toJson(view));
        return node;
    }

    static String preview(String statement) {
        return statement.length() <= STATEMENT_PREVIEW ? statement : statement.substring(0, STATEMENT_PREVIEW) + " …";
    }

    /**
     * Slack reads {@code <...>} as links and mentions ({@code <!channel>}), and an agent writes the
     * statement: the three control characters are escaped as Slack asks.
     */
    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** {@code 10m}, {@code 1h}, {@code 90s}: the way the policy file writes durations. */
    static String format(Duration duration) {
        if (duration.toMillis() % 1000 != 0) {
            return duration.toMillis() + "ms";
        }
        long seconds = duration.toSeconds();
        if (seconds % 3600 == 0 && seconds > 0) {
            return seconds / 3600 + "h";
        }
        if (seconds % 60 == 0 && seconds > 0) {
            return seconds / 60 + "m";
        }
        return seconds + "s";
    }
}
