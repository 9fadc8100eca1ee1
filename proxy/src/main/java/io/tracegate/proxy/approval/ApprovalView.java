package io.tracegate.proxy.approval;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A request as reviewers and stores see it: what was asked, when, and its decision once there is one.
 *
 * @param deadline when it times out; empty when the rule has no timeout
 * @param decision empty while pending
 */
public record ApprovalView(
        String id,
        String sessionId,
        String requester,
        Set<String> requesterRoles,
        String ruleName,
        Set<String> reviewerRoles,
        String maskedStatement,
        List<String> maskedParameters,
        String clientAddress,
        Instant requestedAt,
        Optional<Instant> deadline,
        Optional<ApprovalDecision> decision) {

    public ApprovalView {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(requester, "requester");
        requesterRoles = Set.copyOf(requesterRoles);
        Objects.requireNonNull(ruleName, "ruleName");
        reviewerRoles = Set.copyOf(reviewerRoles);
        Objects.requireNonNull(maskedStatement, "maskedStatement");
        maskedParameters = ApprovalRequest.copyParameters(maskedParameters);
        Objects.requireNonNull(clientAddress, "clientAddress");
        Objects.requireNonNull(requestedAt, "requestedAt");
        Objects.requireNonNull(deadline, "deadline");
        Objects.requireNonNull(decision, "decision");
    }

    /** The view of a request just submitted under {@code id}. */
    public static ApprovalView of(String id, ApprovalRequest request, Instant requestedAt) {
        Optional<Instant> deadline = Optional.ofNullable(request.timeout()).map(requestedAt::plus);
        return new ApprovalView(id, request.sessionId(), request.requester().name(), request.requester().roles(),
                request.ruleName(), request.reviewerRoles(), request.maskedStatement(), request.maskedParameters(),
                request.clientAddress(), requestedAt, deadline, Optional.empty());
    }

    public boolean pending() {
        return decision.isEmpty();
    }

    /** {@code PENDING} or the outcome's name. */
    public String status() {
        return decision.map(d -> d.outcome().name()).orElse("PENDING");
    }

    /** How long the request waited: until now while pending, until its decision after. */
    public Duration waited(Instant now) {
        Instant end = decision.map(ApprovalDecision::decidedAt).orElse(now);
        Duration waited = Duration.between(requestedAt, end);
        return waited.isNegative() ? Duration.ZERO : waited;
    }

    public ApprovalView withDecision(ApprovalDecision made) {
        return new ApprovalView(id, sessionId, requester, requesterRoles, ruleName, reviewerRoles, maskedStatement,
                maskedParameters, clientAddress, requestedAt, deadline, Optional.of(made));
    }
}
