package io.tracegate.policy.mask;

/**
 * A value for a JSON column is not valid JSON, so it cannot be masked inside and must not be
 * forwarded: the caller refuses the statement (fail closed). The message gives only the
 * position, never the text around it, since that may be the very value to protect.
 */
public final class MalformedJsonException extends Exception {
    private final long line;
    private final long column;

    public MalformedJsonException(String reason, long line, long column) {
        super(reason + (line > 0 ? " at line " + line + ", column " + column : ""));
        this.line = line;
        this.column = column;
    }

    /** 1-based line of the error, or 0 when unknown. */
    public long line() {
        return line;
    }

    /** 1-based column of the error, or 0 when unknown. */
    public long column() {
        return column;
    }
}
