package io.tracegate.protocol.codec;

import io.netty.handler.codec.DecoderException;

/**
 * The peer broke the framing rules (bad length, oversized message, unexpected startup code).
 * The connection cannot be trusted after this: answer with the SQLSTATE and close.
 */
public final class PgProtocolException extends DecoderException {

    private final String sqlState;

    public PgProtocolException(String sqlState, String message) {
        super(message);
        this.sqlState = sqlState;
    }

    public String sqlState() {
        return sqlState;
    }
}
