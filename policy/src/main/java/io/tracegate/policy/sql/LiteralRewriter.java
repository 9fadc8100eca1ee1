package io.tracegate.policy.sql;

import io.tracegate.policy.SqlSettings;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Produces the SQL text in which only chosen constants hold new values. Every character outside
 * the replaced tokens is kept as it was; each replaced token is re-spelled by
 * {@link LiteralEncoder} (a space is put before it when a new prefix letter would otherwise join
 * the word in front). The result is lexed again and compared with the original, token by token, so
 * a rewrite that would change the statement's structure is refused instead of sent.
 */
public final class LiteralRewriter {
    private LiteralRewriter() {
    }

    /**
     * @param sql          the original SQL string (the one the tokens' offsets refer to)
     * @param replacements constant token to its new decoded value
     * @param settings     the session's settings the statement will be read under
     * @throws LiteralRewriteException when a value cannot be written as a constant or the result
     *                                 would not lex to the same statement with the new values
     */
    public static String rewrite(String sql, Map<SqlToken, String> replacements, SqlSettings settings) {
        return rewriteTracked(sql, replacements, settings).sql();
    }

    /**
     * As {@link #rewrite}, keeping track of where each token went: the verification lexes the new
     * text anyway, so the map from old tokens to new ones costs nothing more.
     */
    public static RewrittenSql rewriteTracked(String sql, Map<SqlToken, String> replacements, SqlSettings settings) {
        if (replacements.isEmpty()) {
            return RewrittenSql.unchanged(sql);
        }
        List<SqlToken> order = new ArrayList<>(replacements.keySet());
        order.sort(Comparator.comparingInt(SqlToken::start));
        StringBuilder out = new StringBuilder(sql.length() + 16 * order.size());
        int copied = 0;
        for (SqlToken token : order) {
            if (!token.isLiteral() || token.start() < copied || token.end() > sql.length()) {
                throw new LiteralRewriteException("replacement tokens must be distinct constants of this SQL");
            }
            out.append(sql, copied, token.start());
            String spelled = LiteralEncoder.encode(sql, token, replacements.get(token), settings);
            if (token.start() > 0 && SqlLexer.isIdentCont(sql.charAt(token.start() - 1))
                    && !spelled.isEmpty() && (Character.isLetter(spelled.charAt(0)) || spelled.charAt(0) == '$')) {
                out.append(' ');
            }
            out.append(spelled);
            copied = token.end();
        }
        out.append(sql, copied, sql.length());
        String rewritten = out.toString();
        return verify(sql, rewritten, replacements, settings);
    }

    private static RewrittenSql verify(String sql, String rewritten, Map<SqlToken, String> replacements,
            SqlSettings settings) {
        List<SqlToken> before = SqlLexer.lex(sql, settings);
        List<SqlToken> after = SqlLexer.lex(rewritten, settings);
        if (before.size() != after.size()) {
            throw new LiteralRewriteException("rewritten SQL has a different number of tokens");
        }
        int matched = 0;
        for (int i = 0; i < before.size(); i++) {
            SqlToken was = before.get(i);
            SqlToken now = after.get(i);
            String wanted = replacements.get(was);
            if (wanted != null) {
                matched++;
                if (now.isError() || !now.isLiteral() || !now.value().equals(wanted)) {
                    throw new LiteralRewriteException("rewritten constant does not read back as its new value");
                }
            } else if (was.type() != now.type() || !was.value().equals(now.value())
                    || !Objects.equals(was.error(), now.error())) {
                throw new LiteralRewriteException("rewriting changed a token it should not touch");
            }
        }
        if (matched != replacements.size()) {
            throw new LiteralRewriteException("replacement tokens must be constants of this SQL");
        }
        return RewrittenSql.of(rewritten, before, after);
    }
}
