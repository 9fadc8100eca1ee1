package io.tracegate.policy.sql;

/**
 * Thrown inside the lexer when a literal is malformed; caught there and turned into an error
 * token. Never escapes the package. No stack trace: it is a control-flow signal on bad input.
 */
final class LexError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    LexError(String message) {
        super(message, null, false, false);
    }
}
