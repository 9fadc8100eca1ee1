package io.tracegate.proxy.session;

/**
 * Builds the statement the gateway sends upstream in place of a refused one: a DO block that
 * raises the refusal as an ERROR.
 *
 * <p>Having the server raise it, rather than answering the client directly, keeps the error in
 * its place in a pipelined stream (after the answers to earlier messages, before later ones),
 * makes the server skip to the next Sync exactly as for any error, and moves an open
 * transaction into the failed state, so client, gateway and server agree on what happened.
 */
final class Refusals {

    private static final String TAG = "$tracegate_refusal$";

    private Refusals() {
    }

    static String raiseStatement(String sqlState, String message, String detail) {
        StringBuilder sql = new StringBuilder(160 + message.length() + (detail == null ? 0 : detail.length()));
        sql.append("DO ").append(TAG).append(" BEGIN RAISE EXCEPTION USING ERRCODE = ")
                .append(literal(sqlState)).append(", MESSAGE = ").append(literal(message));
        if (detail != null && !detail.isEmpty()) {
            sql.append(", DETAIL = ").append(literal(detail));
        }
        return sql.append("; END ").append(TAG).toString();
    }

    /** A PL/pgSQL string literal; the dollar tag is kept out of the text so the block stays intact. */
    private static String literal(String text) {
        return "'" + text.replace(TAG, "$ tracegate_refusal $").replace("'", "''") + "'";
    }
}
