package io.tracegate.proxy.approval;

import io.tracegate.policy.Identity;
import io.tracegate.policy.config.ApprovalsConfig;
import io.tracegate.policy.config.StateConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Holds requests until a reviewer decides them. Sessions {@link #submit} and wait on the
 * returned decision; reviewers (admin API, CLI, web page) list and {@link #decide}.
 *
 * <p>Only {@link #submit} and {@link PendingApproval#cancel} are safe on an event loop; the
 * other methods may wait for the store (a file or the control database).
 */
public interface ApprovalService extends AutoCloseable {

    /** Records the request and starts its timeout; never blocks. */
    PendingApproval submit(ApprovalRequest request);

    /** Pending requests, oldest first, on every replica sharing the store. */
    List<ApprovalView> pending();

    /** Decided requests, newest first, at most {@code limit}. */
    List<ApprovalView> recent(int limit);

    Optional<ApprovalView> find(String id);

    /**
     * Approves or rejects a pending request. Refused ({@link DecisionResult.Forbidden}) when the
     * reviewer holds none of the rule's reviewer roles or is the requester itself;
     * {@link DecisionResult.AlreadyDecided} when someone or something decided first.
     *
     * @param reason the reviewer's reason, shown to the agent on rejection; may be empty
     */
    DecisionResult decide(String id, Identity reviewer, boolean approve, String reason);

    /** Ends every request this gateway holds with {@link ApprovalDecision.Outcome#SHUTDOWN}. */
    @Override
    void close();

    /**
     * The service for a policy file's {@code state} and {@code approvals} sections.
     *
     * @param dataDir where the embedded store keeps its journal (the audit log's directory)
     * @param events  receives one event per request and per decision (the audit log)
     */
    static ApprovalService create(StateConfig state, ApprovalsConfig approvals, Path dataDir,
            Consumer<ApprovalEvent> events) {
        return builder().state(state).approvals(approvals).dataDir(dataDir).events(events).build();
    }

    static ApprovalServiceBuilder builder() {
        return new ApprovalServiceBuilder();
    }
}
