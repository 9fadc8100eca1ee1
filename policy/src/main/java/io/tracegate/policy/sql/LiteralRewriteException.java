package io.tracegate.policy.sql;

/** A constant could not be rewritten safely; the statement must be refused, not sent as it was. */
public final class LiteralRewriteException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LiteralRewriteException(String message) {
        super(message);
    }
}
