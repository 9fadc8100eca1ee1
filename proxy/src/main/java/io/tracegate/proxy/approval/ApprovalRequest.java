package io.tracegate.proxy.approval;

import io.tracegate.policy.Identity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a client session asks a reviewer to decide. Only masked text ever gets here: the
 * statement and parameters are what the policy made of them, so a reviewer, the journal, the
 * control database and the webhook never see a raw sensitive value.
 *
 * @param sessionId        the gateway's name for the client session, for the audit trail
 * @param requester        the identity whose transaction is held; it may never decide itself
 * @param ruleName         the hold rule that fired
 * @param reviewerRoles    roles whose holders may decide; empty means nobody can (fail closed)
 * @param timeout          how long to wait before {@link ApprovalDecision.Outcome#TIMED_OUT};
 *                         null or zero means no limit
 * @param maskedStatement  the statement text after masking
 * @param maskedParameters Bind parameter values after masking, as text; an element is null for SQL NULL
 * @param clientAddress    where the agent connected from, as the session prints it
 */
public record ApprovalRequest(
        String sessionId,
        Identity requester,
        String ruleName,
        Set<String> reviewerRoles,
        Duration timeout,
        String maskedStatement,
        List<String> maskedParameters,
        String clientAddress) {

    public ApprovalRequest {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(requester, "requester");
        Objects.requireNonNull(ruleName, "ruleName");
        reviewerRoles = Set.copyOf(reviewerRoles);
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            timeout = null;
        }
        Objects.requireNonNull(maskedStatement, "maskedStatement");
        maskedParameters = copyParameters(maskedParameters);
        clientAddress = clientAddress == null ? "" : clientAddress;
    }

    /** An unmodifiable copy that keeps null elements (SQL NULL), which {@code List.copyOf} refuses. */
    static List<String> copyParameters(List<String> parameters) {
        return parameters == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(parameters));
    }
}
