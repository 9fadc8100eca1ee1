package io.tracegate.proxy.observe;

import io.tracegate.policy.audit.AuditEvent;
import io.tracegate.proxy.approval.ApprovalDecision;
import io.tracegate.proxy.approval.ApprovalEvent;
import io.tracegate.proxy.approval.ApprovalView;
import io.tracegate.proxy.audit.AuditLog;
import io.tracegate.proxy.metrics.GatewayMetrics;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Turns the approval flow's events into audit events (who asked, who decided, when, why) and
 * metrics (pending requests, decision latency).
 */
public final class ApprovalAuditing implements Consumer<ApprovalEvent> {

    private final AuditLog audit;
    private final GatewayMetrics metrics;
    private final AtomicInteger pending = new AtomicInteger();

    public ApprovalAuditing(AuditLog audit, GatewayMetrics metrics) {
        this.audit = audit;
        this.metrics = metrics;
        metrics.approvalsPending(pending::get);
    }

    @Override
    public void accept(ApprovalEvent event) {
        ApprovalView approval = event.approval();
        AuditEvent.Builder builder = AuditEvent.builder(event.kind() == ApprovalEvent.Kind.REQUESTED
                        ? AuditEvent.APPROVAL_REQUESTED : AuditEvent.APPROVAL_DECIDED)
                .time(event.at())
                .sessionId(approval.sessionId())
                .identity(approval.requester())
                .roles(approval.requesterRoles())
                .clientAddress(approval.clientAddress())
                .ruleName(approval.ruleName())
                .approvalId(approval.id())
                .statementText(approval.maskedStatement())
                .parameters(approval.maskedParameters());
        if (event.kind() == ApprovalEvent.Kind.REQUESTED) {
            pending.incrementAndGet();
            builder.decision("hold");
        } else {
            ApprovalDecision decision = event.decision().orElseThrow();
            String outcome = decision.outcome().name().toLowerCase(Locale.ROOT);
            pending.updateAndGet(value -> Math.max(0, value - 1));
            metrics.approvalDecided(outcome, Duration.between(approval.requestedAt(), decision.decidedAt()));
            builder.decision(decision.outcome() == ApprovalDecision.Outcome.APPROVED ? "approved" : "rejected")
                    .reviewer(decision.reviewer())
                    .reason(outcome + (decision.reason() == null || decision.reason().isBlank()
                            ? "" : ": " + decision.reason()));
        }
        audit.append(builder.build());
    }
}
