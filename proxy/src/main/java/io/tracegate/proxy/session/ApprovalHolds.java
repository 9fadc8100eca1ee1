package io.tracegate.proxy.session;

import io.tracegate.protocol.SqlState;
import io.tracegate.protocol.message.NoticeResponse;
import io.tracegate.policy.engine.Decision;
import io.tracegate.policy.engine.StatementSummary;
import io.tracegate.proxy.approval.ApprovalDecision;
import io.tracegate.proxy.approval.ApprovalRequest;
import io.tracegate.proxy.approval.ApprovalService;
import io.tracegate.proxy.approval.PendingApproval;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * One session's holds, backed by the approval service: each held statement becomes an approval
 * request, the agent gets a NOTICE naming its id at once, and the session learns the outcome.
 * A refusal names the rule, the approval id and the reason, as the agent must see them.
 */
public final class ApprovalHolds implements TransactionHolds {

    private final ApprovalService service;
    private final SessionInfo session;
    private final Consumer<NoticeResponse> notices;
    private final Set<PendingApproval> waiting = ConcurrentHashMap.newKeySet();

    public ApprovalHolds(ApprovalService service, SessionInfo session, Consumer<NoticeResponse> notices) {
        this.service = service;
        this.session = session;
        this.notices = notices;
    }

    @Override
    public CompletionStage<Outcome> hold(Decision.Hold decision, StatementSummary statement, List<String> parameters) {
        PendingApproval pending = service.submit(new ApprovalRequest(session.sessionId(), session.identity(),
                decision.ruleName(), decision.reviewerRoles(), decision.timeout(), statement.forwardedText(), parameters,
                session.clientAddress()));
        waiting.add(pending);
        notices.accept(NoticeResponse.of("NOTICE", "00000",
                "statement held for approval " + pending.id() + " under rule \"" + decision.ruleName() + "\"",
                "a reviewer must approve it within " + describe(decision.timeout())
                        + "; until then nothing it writes is visible"));
        return pending.decision().thenApply(outcome -> {
            waiting.remove(pending);
            return outcome(pending.id(), decision, outcome);
        });
    }

    private static Outcome outcome(String id, Decision.Hold decision, ApprovalDecision outcome) {
        if (outcome.outcome() == ApprovalDecision.Outcome.APPROVED) {
            return Outcome.approved(id, outcome.reviewer());
        }
        String what = switch (outcome.outcome()) {
            case REJECTED -> "rejected by " + (outcome.reviewer() == null ? "a reviewer" : outcome.reviewer());
            case TIMED_OUT -> "not approved in time";
            case CANCELLED -> "cancelled";
            case SHUTDOWN -> "ended because the gateway is stopping";
            default -> "not approved";
        };
        String reason = outcome.reason() == null || outcome.reason().isBlank() ? "" : ": " + outcome.reason();
        return Outcome.refused(id, outcome.reviewer(), SqlState.INSUFFICIENT_PRIVILEGE,
                "statement held under rule \"" + decision.ruleName() + "\" was " + what + " (approval " + id + ")" + reason,
                "the transaction must be rolled back; nothing it wrote was committed");
    }

    private static String describe(Duration timeout) {
        if (timeout.toDays() >= 1) {
            return timeout.toDays() + "d";
        }
        if (timeout.toHours() >= 1 && timeout.toMinutesPart() == 0) {
            return timeout.toHours() + "h";
        }
        return timeout.toSeconds() % 60 == 0 ? timeout.toMinutes() + "m" : timeout.toSeconds() + "s";
    }

    @Override
    public void cancelAll() {
        for (PendingApproval pending : waiting) {
            pending.cancel();
        }
        waiting.clear();
    }
}
