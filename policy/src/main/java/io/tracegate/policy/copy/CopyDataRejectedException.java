package io.tracegate.policy.copy;

/**
 * A value in a protected column of COPY data cannot be masked, so the COPY must be refused rather
 * than forwarded: a JSON column holds text that is not JSON, a CSV quoted field never ends, or a
 * text-format field's escapes decode to bytes that are not UTF-8. PostgreSQL would reject each of
 * these rows too, but its error context quotes the raw line, so the gateway refuses first.
 *
 * <p>The message names the table, the row and the column, never the value.
 */
public final class CopyDataRejectedException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final long row;
    private final int position;

    CopyDataRejectedException(String table, long row, int position, String column, String reason) {
        super("COPY into " + table + ": row " + row + ", column " + column + " (field " + (position + 1)
                + "): " + reason);
        this.row = row;
        this.position = position;
    }

    /**
     * 1-based number of the row in the COPY data, counted as PostgreSQL counts lines in its COPY
     * error context: the header line is row 1 when present.
     */
    public long row() {
        return row;
    }

    /** 0-based position of the column in the plan's column list. */
    public int position() {
        return position;
    }
}
