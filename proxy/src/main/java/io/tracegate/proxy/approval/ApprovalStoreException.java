package io.tracegate.proxy.approval;

/** The approval store could not be read or written; a hold that depends on it fails closed. */
public final class ApprovalStoreException extends RuntimeException {

    public ApprovalStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
