package io.tracegate.policy.sql;

import io.tracegate.policy.StatementKind;
import java.util.Arrays;
import java.util.Set;

/**
 * One linear pass over a token range that finds the relations a statement reads (FROM and JOIN
 * items at any depth, {@code TABLE name}) and the calls of dangerous functions. In DDL mode it also
 * takes the relation after {@code ON}, {@code TO} (rules) and {@code REFERENCES}.
 *
 * <p>It errs toward naming too many relations rather than too few: a rule about a protected table
 * must not be dodged by syntax the scanner does not know.
 */
final class RelationScanner {
    /** PostgreSQL's reserved keywords: never an unquoted relation name. */
    static final Set<String> RESERVED = Set.of(
            "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric", "both", "case", "cast",
            "check", "collate", "column", "constraint", "create", "current_catalog", "current_date",
            "current_role", "current_time", "current_timestamp", "current_user", "default", "deferrable", "desc",
            "distinct", "do", "else", "end", "except", "false", "fetch", "for", "foreign", "from", "grant",
            "group", "having", "in", "initially", "intersect", "into", "lateral", "leading", "limit", "localtime",
            "localtimestamp", "not", "null", "offset", "on", "only", "or", "order", "placing", "primary",
            "references", "returning", "select", "session_user", "some", "symmetric", "system_user", "table",
            "then", "to", "trailing", "true", "union", "unique", "user", "using", "variadic", "when", "where",
            "window", "with", "values");

    /** Functions whose argument syntax uses FROM for something other than a relation. */
    private static final Set<String> FROM_IN_ARGUMENTS = Set.of("extract", "substring", "trim", "overlay");

    /** Words that end a FROM list at the depth it was opened. */
    private static final Set<String> FROM_LIST_ENDS = Set.of(
            "where", "group", "having", "window", "order", "limit", "offset", "fetch", "for", "union",
            "intersect", "except", "returning", "set", "when", "then", "do", "conflict", "select", "values",
            "into");

    /** After ON in DDL: object types that are not tables, and FK/temp-table actions. */
    private static final Set<String> ON_NOT_A_TABLE = Set.of(
            "function", "procedure", "routine", "schema", "sequence", "database", "domain", "type", "language",
            "large", "foreign", "tablespace", "all", "index", "constraint", "trigger", "policy", "rule", "role",
            "extension", "delete", "update", "insert", "commit", "conflict", "access", "aggregate", "cast",
            "collation", "conversion", "event", "operator", "publication", "server", "statistics",
            "subscription", "text", "transform", "parameter", "select", "truncate", "references", "tables",
            "functions", "procedures", "routines", "sequences", "types", "schemas");

    /** What to look for besides dangerous calls. */
    enum Mode {
        /** FROM/JOIN items, TABLE name, USING lists registered by the classifier. */
        QUERY,
        /** As QUERY, plus the relation after ON, TO (rules) and REFERENCES. */
        DDL,
        /** Only TABLE name and ON name: GRANT/REVOKE, where FROM names a role. */
        PRIVILEGES
    }

    private final Tokens tokens;
    private final InfoBuilder out;
    private final boolean ddl;
    private final boolean fromLists;

    private RelationScanner(Tokens tokens, InfoBuilder out, Mode mode) {
        this.tokens = tokens;
        this.out = out;
        this.ddl = mode != Mode.QUERY;
        this.fromLists = mode != Mode.PRIVILEGES;
    }

    static void scan(Tokens tokens, int from, int to, Mode mode, InfoBuilder out) {
        new RelationScanner(tokens, out, mode).run(from, to);
    }

    private void run(int from, int to) {
        // Per bracket depth: inside a FROM list, and the function whose argument list the bracket opened.
        boolean[] inFrom = new boolean[16];
        String[] function = new String[16];
        int depth = 0;
        for (int i = from; i < to; i++) {
            SqlToken token = tokens.get(i);
            if (token.is("(") || token.is("[")) {
                depth++;
                if (depth == inFrom.length) {
                    inFrom = Arrays.copyOf(inFrom, depth * 2);
                    function = Arrays.copyOf(function, depth * 2);
                }
                inFrom[depth] = false;
                SqlToken before = tokens.get(i - 1);
                function[depth] = token.is("(") && before != null && before.isIdentifier() ? before.value() : null;
                if (function[depth] != null) {
                    call(i - 1, i);
                }
                continue;
            }
            if (token.is(")") || token.is("]")) {
                depth = Math.max(0, depth - 1);
                continue;
            }
            if (token.is(",") && inFrom[depth]) {
                item(i + 1);
                continue;
            }
            if (token.type() != TokenType.WORD) {
                continue;
            }
            String word = token.value();
            switch (word) {
                case "from":
                    if (fromLists && !tokens.word(i - 1, "distinct") && (function[depth] == null || !FROM_IN_ARGUMENTS.contains(function[depth]))) {
                        inFrom[depth] = true;
                        item(i + 1);
                    }
                    break;
                case "join":
                    if (fromLists) {
                        item(i + 1);
                    }
                    break;
                case "using":
                    if (out.opensRelationList(i)) {
                        inFrom[depth] = true;
                        item(i + 1);
                    }
                    break;
                case "table":
                    tableKeyword(i);
                    break;
                case "on":
                    if (ddl) {
                        onKeyword(i);
                    }
                    break;
                case "references":
                    if (ddl) {
                        relation(i + 1, true);
                    }
                    break;
                case "to":
                    // CREATE RULE r AS ON INSERT TO t
                    if (ddl && tokens.anyWord(i - 1, "insert", "update", "delete", "select")) {
                        relation(i + 1, false);
                    }
                    break;
                default:
                    if (FROM_LIST_ENDS.contains(word)) {
                        inFrom[depth] = false;
                    }
                    break;
            }
        }
    }

    /** A function call: {@code name} at {@code nameIndex}, its parenthesis at {@code open}. */
    private void call(int nameIndex, int open) {
        String name = tokens.get(nameIndex).value();
        // "INSERT INTO lo_import (a)" names a table that happens to share the name.
        if (tokens.anyWord(nameIndex - 1, "into", "table", "update", "only")
                || tokens.is(nameIndex - 1, ".") && tokens.anyWord(nameIndex - 3, "into", "table", "update", "only")) {
            return;
        }
        if (DangerousFunctions.isDangerous(name)) {
            out.kind(StatementKind.DANGEROUS_FUNCTION);
        } else if (name.equals("set_config")) {
            String setting = DangerousFunctions.setConfigName(tokens, open);
            if (DangerousFunctions.isDangerousSetting(setting)) {
                out.kind(StatementKind.DANGEROUS_FUNCTION);
                if (setting == null || setting.equalsIgnoreCase("search_path")) {
                    out.changesSearchPath();
                } else {
                    out.changesSettings();
                }
            }
        }
    }

    /** A FROM or JOIN item at {@code i}: a relation, a function, a subquery or a parenthesised join. */
    private void item(int i) {
        while (tokens.anyWord(i, "lateral", "only")) {
            i++;
        }
        if (tokens.is(i, "(")) {
            SqlToken inner = tokens.get(i + 1);
            if (inner != null && inner.isIdentifier() && !(inner.type() == TokenType.WORD && RESERVED.contains(inner.value()))) {
                item(i + 1);
            } else if (inner != null && inner.is("(")) {
                item(i + 1);
            }
            return;
        }
        if (tokens.word(i, "rows") && tokens.word(i + 1, "from")) {
            return;
        }
        relation(i, false);
    }

    /**
     * A relation name at {@code i} unless it is a keyword or, when {@code columnsMayFollow} is false,
     * a function call.
     */
    private void relation(int i, boolean columnsMayFollow) {
        while (tokens.word(i, "only")) {
            i++;
        }
        SqlToken first = tokens.get(i);
        if (first == null || (first.type() == TokenType.WORD && RESERVED.contains(first.value()))) {
            return;
        }
        Tokens.Name name = tokens.name(i);
        if (name != null && (columnsMayFollow || !tokens.is(name.next(), "("))) {
            out.table(name, i);
        }
    }

    /** {@code TABLE name}, {@code CREATE TABLE [IF NOT EXISTS] name}, {@code DROP TABLE [IF EXISTS] a, b}. */
    private void tableKeyword(int i) {
        int j = tokens.skipWords(i + 1, "if", "not", "exists");
        while (tokens.word(j, "only")) {
            j++;
        }
        Tokens.Name name = tokens.name(j);
        if (name == null || (tokens.get(j).type() == TokenType.WORD && RESERVED.contains(name.last()) && name.parts().size() == 1)) {
            return;
        }
        if (tokens.is(name.next(), "(") && !ddl) {
            return;
        }
        out.table(name, j);
        int next = name.next();
        if (tokens.is(next, "*")) {
            next++;
        }
        // Lists after TABLE: DROP TABLE a, b / TRUNCATE TABLE a, b / LOCK TABLE a, b.
        while (tokens.is(next, ",") && tokens.identifier(next + 1)) {
            int k = next + 1;
            while (tokens.word(k, "only")) {
                k++;
            }
            Tokens.Name more = tokens.name(k);
            if (more == null) {
                return;
            }
            out.table(more, k);
            next = tokens.is(more.next(), "*") ? more.next() + 1 : more.next();
        }
    }

    /** DDL: {@code CREATE INDEX .. ON t}, {@code GRANT .. ON [TABLE] t}, {@code COMMENT ON COLUMN t.c}. */
    private void onKeyword(int i) {
        int j = i + 1;
        if (tokens.word(j, "column")) {
            Tokens.Name column = tokens.name(j + 1);
            if (column != null && column.parts().size() >= 2) {
                out.table(new Tokens.Name(column.parts().subList(0, column.parts().size() - 1), j + 1, column.next()), j + 1);
            }
            return;
        }
        if (tokens.anyWord(j, "view", "materialized")) {
            j = tokens.skipWords(j, "materialized", "view");
            relation(j, false);
            return;
        }
        if (tokens.word(j, "table") || (tokens.get(j) != null && tokens.get(j).type() == TokenType.WORD
                && ON_NOT_A_TABLE.contains(tokens.get(j).value()))) {
            return; // TABLE is handled by its own keyword; the rest are not tables
        }
        relation(j, true);
        // GRANT ... ON a, b TO role
        Tokens.Name name = tokens.name(tokens.word(j, "only") ? j + 1 : j);
        int next = name == null ? j : name.next();
        while (tokens.is(next, ",") && tokens.identifier(next + 1)) {
            relation(next + 1, false);
            Tokens.Name more = tokens.name(next + 1);
            next = more == null ? next + 1 : more.next();
        }
    }
}
