package io.tracegate.proxy.approval;

/** What {@link ApprovalService#decide} did, with the HTTP status the admin API answers with. */
public sealed interface DecisionResult {

    int httpStatus();

    /** The decision was recorded; the held session is (or will be, on another replica) released. */
    record Decided(ApprovalView approval) implements DecisionResult {
        @Override
        public int httpStatus() {
            return 200;
        }
    }

    /** No request has this id. */
    record NotFound(String id) implements DecisionResult {
        @Override
        public int httpStatus() {
            return 404;
        }
    }

    /** The identity may not decide this request: not one of its reviewers, or its own requester. */
    record Forbidden(String message) implements DecisionResult {
        @Override
        public int httpStatus() {
            return 403;
        }
    }

    /** Already decided (by someone else, a timeout, a disconnect or a shutdown). */
    record AlreadyDecided(ApprovalView approval) implements DecisionResult {
        @Override
        public int httpStatus() {
            return 409;
        }
    }
}
