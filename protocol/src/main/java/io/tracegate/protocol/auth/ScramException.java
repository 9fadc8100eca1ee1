package io.tracegate.protocol.auth;

/**
 * A SCRAM exchange cannot go on: a message is malformed, violates the protocol, or (client
 * side) the server's signature or error says the server is not the one holding the verifier.
 * A server answers it with SQLSTATE 08P01 (protocol_violation), as PostgreSQL does; the message
 * is PostgreSQL's wording where it has one and never contains key material.
 */
public final class ScramException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ScramException(String message) {
        super(message);
    }
}
