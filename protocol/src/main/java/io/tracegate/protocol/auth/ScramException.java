package io.tracegate.protocol.auth;

import io.tracegate.protocol.SqlState;

/**
 * A SCRAM exchange cannot go on: a message is malformed, asks for something PostgreSQL does not
 * support, or (client side) the server's signature or error says the server is not the one
 * holding the verifier. The message is PostgreSQL's wording where it has one and never contains
 * key material.
 */
public final class ScramException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String sqlState;

    /** A protocol violation (08P01). */
    public ScramException(String message) {
        this(SqlState.PROTOCOL_VIOLATION, message);
    }

    public ScramException(String sqlState, String message) {
        super(message);
        this.sqlState = sqlState;
    }

    /**
     * The SQLSTATE a server answers with, as PostgreSQL chooses it: 08P01 (protocol_violation)
     * for a malformed message, 0A000 (feature_not_supported) for an authorization identity or a
     * mandatory extension.
     */
    public String sqlState() {
        return sqlState;
    }
}
