package io.tracegate.proxy.approval;

/** Tells people outside the gateway that a request is waiting or was decided. Never blocks the caller. */
interface ApprovalNotifier extends AutoCloseable {

    ApprovalNotifier NONE = new ApprovalNotifier() {
        @Override
        public void requested(ApprovalView approval) {
        }

        @Override
        public void decided(ApprovalView approval) {
        }

        @Override
        public void close() {
        }
    };

    void requested(ApprovalView approval);

    void decided(ApprovalView approval);

    @Override
    void close();
}
