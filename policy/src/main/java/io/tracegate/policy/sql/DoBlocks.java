package io.tracegate.policy.sql;

import io.tracegate.policy.SqlSettings;

/**
 * A DO block's body, read as far as the lexer can: the tables its statements write and read are
 * reported, and the block is always {@link StatementInfo#opaque() opaque} (its values are
 * computed at run time). Dynamic SQL ({@code EXECUTE}) is called out: it can reach any table.
 */
final class DoBlocks {
    static final String HIDDEN = "DO block: the gateway cannot see what it writes";
    static final String DYNAMIC = "DO block running dynamic SQL: the gateway cannot see what it writes or where";

    private DoBlocks() {
    }

    static void scan(SqlToken body, InfoBuilder out) {
        if (body.isError()) {
            out.opaque(HIDDEN);
            return;
        }
        // PL/pgSQL statements lex as SQL; the body's own constants are read with the default settings.
        Tokens inner = new Tokens(SqlLexer.lex(body.value(), SqlSettings.DEFAULT));
        boolean dynamic = false;
        for (int j = 0; j < inner.size(); j++) {
            SqlToken token = inner.get(j);
            if (token.isWord("execute")) {
                dynamic = true;
            }
            Tokens.Name written = null;
            if (token.isWord("insert") && inner.word(j + 1, "into") || token.isWord("merge") && inner.word(j + 1, "into")
                    || token.isWord("delete") && inner.word(j + 1, "from")) {
                written = inner.name(inner.skipWords(j + 2, "only"));
            } else if (token.isWord("update") || token.isWord("copy") || token.isWord("truncate")) {
                written = inner.name(inner.skipWords(j + 1, "table", "only"));
            }
            if (written != null && !RelationScanner.RESERVED.contains(written.last())) {
                out.target(written);
            }
        }
        RelationScanner.scan(inner, 0, inner.size(), RelationScanner.Mode.QUERY, out);
        out.opaque(dynamic ? DYNAMIC : HIDDEN);
    }
}
