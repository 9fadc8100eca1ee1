package io.tracegate.proxy.upstream;

/** The gateway could not get a usable upstream connection; carries the SQLSTATE to give the client. */
public final class UpstreamException extends RuntimeException {

    private final String sqlState;

    public UpstreamException(String sqlState, String message) {
        super(message);
        this.sqlState = sqlState;
    }

    public UpstreamException(String sqlState, String message, Throwable cause) {
        super(message, cause);
        this.sqlState = sqlState;
    }

    public String sqlState() {
        return sqlState;
    }
}
