package io.tracegate.policy.sql;

import io.tracegate.policy.StatementKind;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Classifies a statement from its tokens alone, in linear time, without a parser: its
 * {@link StatementKind}, the tables it names, the tables it writes, COPY details, and whether
 * what it writes is hidden from the gateway.
 *
 * <p>Kinds: SELECT (also VALUES, TABLE, DECLARE ... CURSOR), INSERT, UPDATE, DELETE, MERGE, DDL
 * (CREATE, ALTER, DROP, COMMENT, GRANT, REVOKE, SECURITY LABEL, REFRESH, IMPORT FOREIGN SCHEMA,
 * REASSIGN OWNED, VACUUM, ANALYZE, CLUSTER, REINDEX, and SELECT ... INTO), TRUNCATE, the COPY
 * kinds, DANGEROUS_FUNCTION (see {@link DangerousFunctions}; also LOAD, which loads server code)
 * and OTHER (transaction control, SET, SHOW, LISTEN, DO, CALL, EXECUTE, ...). When a statement
 * does several things the most sensitive kind wins: a data-modifying CTE makes a SELECT an
 * INSERT/UPDATE/DELETE, EXPLAIN ANALYZE takes the kind of what it runs (plain EXPLAIN is OTHER),
 * and a dangerous call anywhere makes the whole statement DANGEROUS_FUNCTION.
 *
 * <p>DO blocks, CALL, SQL-level PREPARE (values arrive later) and EXECUTE are reported as
 * {@link StatementInfo#opaque() opaque}; for a DO block the tables its body names are reported as
 * well as the lexer can find them, and dynamic SQL in it is called out.
 */
public final class StatementClassifier {
    private static final Set<String> DDL_HEADS = Set.of(
            "alter", "drop", "comment", "grant", "revoke", "security", "refresh", "reindex", "cluster", "vacuum",
            "analyze", "analyse", "import", "reassign");
    private static final Set<String> TRANSACTION_ENDS = Set.of("commit", "end", "rollback", "abort");
    /** SET / RESET names that change which table an unqualified name means ({@code SET SCHEMA} sets search_path). */
    private static final Set<String> SEARCH_PATH_SETTINGS = Set.of("search_path", "schema");

    private final Tokens t;
    private final InfoBuilder out = new InfoBuilder();

    private StatementClassifier(List<SqlToken> tokens) {
        this.t = new Tokens(tokens);
    }

    public static StatementInfo classify(SqlStatement statement) {
        List<SqlStatement> parts = hasInnerSemicolon(statement.tokens())
                ? StatementSplitter.split(statement.sql(), statement.tokens()) : List.of(statement);
        if (parts.size() > 1) {
            // Several statements where one was expected (e.g. in a Parse message): report them all.
            InfoBuilder all = new InfoBuilder();
            all.problem("several statements in one");
            for (SqlStatement part : parts) {
                all.absorb(classify(part));
            }
            return all.build();
        }
        StatementClassifier classifier = new StatementClassifier(statement.tokens());
        statement.firstError().ifPresent(e -> classifier.out.problem(e.error() + " at offset " + e.start()));
        classifier.topLevel();
        return classifier.out.build();
    }

    /** A semicolon with tokens after it: possibly several statements (cheap check before splitting). */
    private static boolean hasInnerSemicolon(List<SqlToken> tokens) {
        for (int i = 0; i < tokens.size() - 1; i++) {
            if (tokens.get(i).is(";")) {
                return true;
            }
        }
        return false;
    }

    private void topLevel() {
        int to = t.size();
        int i = 0;
        while (t.is(i, "(")) {
            i++;
        }
        SqlToken head = t.get(i);
        if (head == null || head.type() != TokenType.WORD) {
            out.kind(StatementKind.OTHER);
            RelationScanner.scan(t, 0, to, RelationScanner.Mode.QUERY, out);
            return;
        }
        String word = head.value();
        switch (word) {
            case "copy" -> CopyParser.parse(t, i, to, out);
            case "grant", "revoke" -> {
                out.kind(StatementKind.DDL);
                RelationScanner.scan(t, i, to, RelationScanner.Mode.PRIVILEGES, out);
            }
            case "create" -> create(i, to);
            case "do" -> doBlock(i, to);
            case "set" -> {
                out.kind(StatementKind.OTHER);
                int j = t.skipWords(i + 1, "session", "local");
                if (t.identifier(j)) {
                    watchedSetting(t.get(j).value());
                }
            }
            case "reset" -> {
                out.kind(StatementKind.OTHER);
                if (t.word(i + 1, "all")) {
                    out.changesSearchPath();
                } else if (t.identifier(i + 1)) {
                    watchedSetting(t.get(i + 1).value());
                }
            }
            case "discard" -> {
                out.kind(StatementKind.OTHER);
                if (t.word(i + 1, "all")) {
                    out.changesSearchPath();
                }
            }
            case "show", "begin", "start", "savepoint", "release", "listen", "unlisten", "notify", "checkpoint",
                    "deallocate", "fetch", "move", "close" -> out.kind(StatementKind.OTHER);
            default -> {
                if (TRANSACTION_ENDS.contains(word)) {
                    out.kind(StatementKind.OTHER);
                    out.changesSearchPath(); // reverts a SET LOCAL (or a SET of a rolled-back transaction)
                    return;
                }
                boolean ddl = DDL_HEADS.contains(word);
                statement(i, to);
                RelationScanner.scan(t, 0, to, ddl ? RelationScanner.Mode.DDL : RelationScanner.Mode.QUERY, out);
            }
        }
    }

    /** Flags a SET or RESET of a setting that changes how the gateway must read later SQL. */
    private void watchedSetting(String identifier) {
        // Setting names are case-insensitive even when quoted: SET "Search_Path" sets search_path.
        String name = identifier.toLowerCase(Locale.ROOT);
        if (SEARCH_PATH_SETTINGS.contains(name)) {
            out.changesSearchPath();
        } else if (name.equals("standard_conforming_strings")) {
            out.changesSettings();
        }
    }

    /** Records the kind and write targets of the statement in {@code [i, to)}. */
    private void statement(int i, int to) {
        while (t.is(i, "(")) {
            i++;
        }
        SqlToken head = t.get(i);
        String word = head == null || head.type() != TokenType.WORD ? "" : head.value();
        switch (word) {
            case "with" -> {
                int body = withClause(i, to);
                if (body >= 0) {
                    statement(body, to);
                }
            }
            case "select", "values", "table" -> select(i, to);
            case "insert" -> target(i, StatementKind.INSERT, "into");
            case "update" -> target(i, StatementKind.UPDATE, null);
            case "delete" -> delete(i, to);
            case "merge" -> merge(i, to);
            case "truncate" -> truncate(i);
            case "explain" -> explain(i, to);
            case "declare" -> declare(i, to);
            case "prepare" -> prepare(i, to);
            case "execute" -> {
                out.kind(StatementKind.OTHER);
                out.opaque("EXECUTE runs an SQL-level prepared statement the gateway does not track");
            }
            case "call" -> {
                out.kind(StatementKind.OTHER);
                out.opaque("CALL runs a procedure whose writes the gateway cannot see");
            }
            case "load" -> out.kind(StatementKind.DANGEROUS_FUNCTION);
            case "create" -> createKind(i, to);
            case "lock" -> {
                out.kind(StatementKind.OTHER);
                relationList(i + 1);
            }
            case "vacuum", "analyze", "analyse", "cluster" -> {
                out.kind(StatementKind.DDL);
                relationList(i + 1);
            }
            default -> {
                if (DDL_HEADS.contains(word)) {
                    out.kind(StatementKind.DDL);
                } else {
                    out.kind(StatementKind.OTHER);
                    if (!word.isEmpty()) {
                        out.problem("statement " + word.toUpperCase(Locale.ROOT) + " not classified");
                    }
                }
            }
        }
    }

    /**
     * Reads {@code WITH [RECURSIVE] name [(cols)] AS [[NOT] MATERIALIZED] (body) [SEARCH ..] [CYCLE ..], ...},
     * classifying each body; returns the index of the main statement, or -1 if not understood.
     */
    private int withClause(int i, int to) {
        int j = i + 1;
        boolean recursive = t.word(j, "recursive");
        if (recursive) {
            j++;
        }
        while (true) {
            if (!t.identifier(j)) {
                out.problem("WITH clause not understood");
                return -1;
            }
            String name = t.get(j).value();
            j++;
            if (t.is(j, "(")) {
                j = t.afterGroup(j);
            }
            if (!t.word(j, "as")) {
                out.problem("WITH clause not understood");
                return -1;
            }
            j = t.skipWords(j + 1, "not", "materialized");
            if (!t.is(j, "(")) {
                out.problem("WITH clause not understood");
                return -1;
            }
            int close = t.afterGroup(j);
            out.cte(name, recursive ? j : close);
            statement(j + 1, close - 1);
            j = close;
            // SEARCH ... SET col / CYCLE ... USING col: skip to the next CTE or the main statement.
            while (j < to && !t.is(j, ",") && !t.anyWord(j, "select", "insert", "update", "delete", "merge",
                    "values", "table") && !t.is(j, "(")) {
                j++;
            }
            if (t.is(j, ",")) {
                j++;
                continue;
            }
            return j;
        }
    }

    private void select(int i, int to) {
        out.kind(StatementKind.SELECT);
        int depth = 0;
        for (int j = i; j < to; j++) {
            SqlToken token = t.get(j);
            if (token.is("(") || token.is("[")) {
                depth++;
            } else if (token.is(")") || token.is("]")) {
                depth--;
            } else if (depth == 0 && token.isWord("into")) {
                // SELECT ... INTO [TEMP|TEMPORARY|UNLOGGED] [TABLE] new_table: creates a table.
                int k = t.skipWords(j + 1, "temporary", "temp", "unlogged", "table");
                Tokens.Name name = t.name(k);
                out.kind(StatementKind.DDL);
                if (name != null) {
                    out.target(name);
                }
                return;
            }
        }
    }

    /** INSERT INTO name / UPDATE [ONLY] name. */
    private void target(int i, StatementKind kind, String connector) {
        out.kind(kind);
        int j = i + 1;
        if (connector != null) {
            if (!t.word(j, connector)) {
                out.problem(kind + " target not understood");
                return;
            }
            j++;
        }
        j = t.skipWords(j, "only");
        Tokens.Name name = t.name(j);
        if (name == null) {
            out.problem(kind + " target not understood");
            return;
        }
        out.target(name);
    }

    private void delete(int i, int to) {
        target(i, StatementKind.DELETE, "from");
        registerUsing(i, to);
    }

    private void merge(int i, int to) {
        target(i, StatementKind.MERGE, "into");
        registerUsing(i, to);
    }

    /** Marks the first USING at the statement's own depth as opening a relation list. */
    private void registerUsing(int i, int to) {
        int depth = 0;
        for (int j = i; j < to; j++) {
            SqlToken token = t.get(j);
            if (token.is("(")) {
                depth++;
            } else if (token.is(")")) {
                depth--;
            } else if (depth == 0 && token.isWord("using")) {
                out.relationListAt(j);
                return;
            } else if (depth == 0 && token.isWord("where")) {
                return;
            }
        }
    }

    /** TRUNCATE [TABLE] [ONLY] a [*], b ... */
    private void truncate(int i) {
        out.kind(StatementKind.TRUNCATE);
        List<Tokens.Name> names = t.nameList(t.skipWords(i + 1, "table"));
        if (names.isEmpty()) {
            out.problem("TRUNCATE target not understood");
        }
        names.forEach(out::target);
    }

    private void explain(int i, int to) {
        int j = i + 1;
        boolean analyze = false;
        if (t.is(j, "(")) {
            int end = t.afterGroup(j);
            for (int k = j + 1; k < end - 1; k++) {
                if (t.anyWord(k, "analyze", "analyse") && (t.is(k - 1, "(") || t.is(k - 1, ","))) {
                    SqlToken value = t.get(k + 1);
                    analyze = value == null || value.is(",") || value.is(")") || !isFalse(value);
                }
            }
            j = end;
        } else {
            while (t.anyWord(j, "analyze", "analyse", "verbose")) {
                analyze |= !t.word(j, "verbose");
                j++;
            }
        }
        if (analyze) {
            statement(j, to);
        } else {
            out.kind(StatementKind.OTHER);
            out.suppressWrites(true);
            statement(j, to);
            out.suppressWrites(false);
        }
    }

    private static boolean isFalse(SqlToken value) {
        String v = value.value().toLowerCase(Locale.ROOT);
        return v.equals("false") || v.equals("off") || v.equals("0") || v.equals("no");
    }

    /** DECLARE name ... CURSOR ... FOR query. */
    private void declare(int i, int to) {
        for (int j = i + 1; j < to; j++) {
            if (t.word(j, "for") && t.word(j - 1, "cursor") || t.word(j, "for") && t.word(j - 1, "hold")) {
                statement(j + 1, to);
                return;
            }
        }
        out.kind(StatementKind.SELECT);
        out.problem("DECLARE not understood");
    }

    /** PREPARE TRANSACTION 'id' / PREPARE name [(types)] AS statement. */
    private void prepare(int i, int to) {
        if (t.word(i + 1, "transaction")) {
            out.kind(StatementKind.OTHER);
            out.changesSearchPath();
            return;
        }
        int j = i + 2;
        if (t.is(j, "(")) {
            j = t.afterGroup(j);
        }
        if (!t.word(j, "as")) {
            out.kind(StatementKind.OTHER);
            out.problem("PREPARE not understood");
            return;
        }
        statement(j + 1, to);
        if (out.hasTargets()) {
            out.opaque("PREPARE: the values arrive later with an SQL-level EXECUTE the gateway does not track");
        }
    }

    /** LOCK [TABLE] a, b ... and VACUUM / ANALYZE / CLUSTER [(options)] [words] a [(cols)], b ... */
    private void relationList(int j) {
        if (t.is(j, "(")) {
            j = t.afterGroup(j);
        }
        while (t.anyWord(j, "table", "full", "freeze", "verbose", "analyze", "analyse")) {
            j++;
        }
        for (Tokens.Name name : t.nameList(j)) {
            out.table(name, name.start());
        }
    }


    /** CREATE ... at top level: its kind, then the relations of the definition and of its query. */
    private void create(int i, int to) {
        int query = createKind(i, to);
        if (query >= 0) {
            RelationScanner.scan(t, i, query, RelationScanner.Mode.DDL, out);
            RelationScanner.scan(t, query, to, RelationScanner.Mode.QUERY, out);
        } else {
            RelationScanner.scan(t, i, to, RelationScanner.Mode.DDL, out);
        }
    }

    /**
     * CREATE ...: DDL. CREATE TABLE .. AS and CREATE MATERIALIZED VIEW .. AS also fill a new table
     * with rows, which makes it a write target. Returns where the query after AS starts, or -1.
     */
    private int createKind(int i, int to) {
        out.kind(StatementKind.DDL);
        int j = t.skipWords(i + 1, "or", "replace");
        j = t.skipWords(j, "global", "local", "temporary", "temp", "unlogged");
        boolean table = t.word(j, "table");
        boolean matview = t.word(j, "materialized") && t.word(j + 1, "view");
        int depth = 0;
        for (int k = j; k < to; k++) {
            SqlToken token = t.get(k);
            if (token.is("(")) {
                depth++;
            } else if (token.is(")")) {
                depth--;
            } else if (depth == 0 && token.isWord("as") && (t.anyWord(k + 1, "select", "with", "values", "table",
                    "execute") || t.is(k + 1, "("))) {
                if (table || matview) {
                    Tokens.Name name = t.name(t.skipWords(j + (matview ? 2 : 1), "if", "not", "exists"));
                    if (name != null) {
                        out.target(name);
                    }
                }
                // The query runs (its dangerous calls count) but writes nothing but the new table.
                out.suppressWrites(true);
                statement(k + 1, to);
                out.suppressWrites(false);
                return k + 1;
            }
        }
        return -1;
    }

    /** DO [LANGUAGE l] 'body' [LANGUAGE l]: opaque; see {@link DoBlocks}. */
    private void doBlock(int i, int to) {
        out.kind(StatementKind.OTHER);
        for (int j = i + 1; j < to; j++) {
            if (t.get(j).type() == TokenType.STRING) {
                DoBlocks.scan(t.get(j), out);
                return;
            }
        }
        out.opaque(DoBlocks.HIDDEN);
        out.problem("DO block body not found");
    }
}
