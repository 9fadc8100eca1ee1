package io.tracegate.policy.sql;

import java.util.List;

/**
 * SQL text after {@link LiteralRewriter} changed some constants, with the way back: which token
 * of the new text each token of the old one became (the rewriter keeps them one to one).
 */
public final class RewrittenSql {

    private final String sql;
    /** Null when nothing was rewritten: every token stays where it was. */
    private final List<SqlToken> before;
    private final List<SqlToken> after;

    private RewrittenSql(String sql, List<SqlToken> before, List<SqlToken> after) {
        this.sql = sql;
        this.before = before;
        this.after = after;
    }

    static RewrittenSql unchanged(String sql) {
        return new RewrittenSql(sql, null, null);
    }

    static RewrittenSql of(String sql, List<SqlToken> before, List<SqlToken> after) {
        return new RewrittenSql(sql, List.copyOf(before), List.copyOf(after));
    }

    /** The rewritten text. */
    public String sql() {
        return sql;
    }

    /**
     * The token of the rewritten text that {@code original} (a token of the text as it was)
     * became: the same token, moved and possibly re-spelled.
     *
     * @throws IllegalArgumentException when {@code original} was not a token of the old text
     */
    public SqlToken moved(SqlToken original) {
        if (before == null) {
            return original;
        }
        int low = 0;
        int high = before.size() - 1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            SqlToken token = before.get(middle);
            if (token.start() < original.start()) {
                low = middle + 1;
            } else if (token.start() > original.start()) {
                high = middle - 1;
            } else if (token.equals(original)) {
                return after.get(middle);
            } else {
                break;
            }
        }
        throw new IllegalArgumentException("not a token of the rewritten SQL's original");
    }
}
