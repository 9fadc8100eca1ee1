package io.tracegate.policy.sql;

import io.tracegate.policy.SqlSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One statement of a (possibly multi-statement) SQL string: its span in the original string and
 * its tokens. The span runs from the first token to the last, without the terminating semicolon.
 */
public final class SqlStatement {
    private final String sql;
    private final int start;
    private final int end;
    private final List<SqlToken> tokens;
    private List<SqlToken> literals;

    public SqlStatement(String sql, int start, int end, List<SqlToken> tokens) {
        this.sql = sql;
        this.start = start;
        this.end = end;
        this.tokens = List.copyOf(tokens);
    }

    /** Lexes and splits {@code sql}; see {@link StatementSplitter}. */
    public static List<SqlStatement> parseAll(String sql, SqlSettings settings) {
        return StatementSplitter.split(sql, SqlLexer.lex(sql, settings));
    }

    /** Lexes {@code sql} as one statement (as a Parse message carries), semicolons included. */
    public static SqlStatement parseOne(String sql, SqlSettings settings) {
        List<SqlToken> tokens = SqlLexer.lex(sql, settings);
        int from = tokens.isEmpty() ? 0 : tokens.get(0).start();
        int to = tokens.isEmpty() ? 0 : tokens.get(tokens.size() - 1).end();
        return new SqlStatement(sql, from, to, tokens);
    }

    /** The whole string this statement was cut from; token offsets refer to it. */
    public String sql() {
        return sql;
    }

    public int start() {
        return start;
    }

    public int end() {
        return end;
    }

    public String text() {
        return sql.substring(start, end);
    }

    public List<SqlToken> tokens() {
        return tokens;
    }

    /** String and number constants in source order; analyses refer to them by index in this list. */
    public List<SqlToken> literals() {
        List<SqlToken> found = literals;
        if (found == null) {
            found = new ArrayList<>();
            for (SqlToken token : tokens) {
                if (token.isLiteral()) {
                    found.add(token);
                }
            }
            literals = found = List.copyOf(found);
        }
        return found;
    }

    /** The first malformed token, if any. */
    public Optional<SqlToken> firstError() {
        for (SqlToken token : tokens) {
            if (token.isError()) {
                return Optional.of(token);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return "SqlStatement[" + start + ".." + end + ", " + tokens.size() + " tokens]";
    }
}
