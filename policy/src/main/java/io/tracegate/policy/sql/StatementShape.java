package io.tracegate.policy.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * A statement's shape: its tokens re-emitted in a canonical spelling JSqlParser accepts, with every
 * constant and parameter (a "slot") replaced by a placeholder naming the slot: {@code '7'} for a
 * string, {@code 7} for a number, {@code $8} for a parameter (slot 7). Literal contents, comments,
 * whitespace, identifier case and parameter numbering do not change the shape, so the analysis of
 * one statement serves every statement of the same shape.
 *
 * <p>Rewrites that cannot change where values flow, made so JSqlParser reads more of PostgreSQL:
 * every string form becomes a plain constant, {@code U&"..."} identifiers become {@code "..."},
 * a leading {@code EXPLAIN [ANALYZE ...]} and a trailing semicolon are dropped, {@code ONLY} and
 * a following {@code *} around a table name are dropped, {@code COLLATE name} is dropped.
 *
 * <p>An {@code INSERT ... VALUES} with several rows of the same shape keeps only its first row:
 * the flows of row k mirror those of row 0 ({@link #fullSlot}), so a 1000-row batch is parsed as
 * cheaply as a one-row insert and every batch size shares one cache entry.
 */
final class StatementShape {
    private final String key;
    private final List<SqlToken> slots;
    private final TokenType[] keySlotTypes;
    private final int prefixSlots;
    private final int rowSlots;
    private final int rows;
    private final String problem;

    private StatementShape(String key, List<SqlToken> slots, TokenType[] keySlotTypes, int prefixSlots,
                           int rowSlots, int rows, String problem) {
        this.key = key;
        this.slots = slots;
        this.keySlotTypes = keySlotTypes;
        this.prefixSlots = prefixSlots;
        this.rowSlots = rowSlots;
        this.rows = rows;
        this.problem = problem;
    }

    /** The canonical text handed to the parser and used as the cache key. */
    String key() {
        return key;
    }

    /** Why the statement cannot be shaped (several statements in one), or null. */
    String problem() {
        return problem;
    }

    /** Token types of the slots in {@link #key()}, by slot number. */
    TokenType[] keySlotTypes() {
        return keySlotTypes;
    }

    int rows() {
        return rows;
    }

    /** True when slot {@code keySlot} of the key lies in the repeated VALUES row. */
    boolean inRow(int keySlot) {
        return rows > 1 && keySlot >= prefixSlots && keySlot < prefixSlots + rowSlots;
    }

    /** The statement's token for key slot {@code keySlot} as it appears in row {@code row}. */
    SqlToken fullSlot(int keySlot, int row) {
        if (rows == 1 || keySlot < prefixSlots) {
            return slots.get(keySlot);
        }
        if (keySlot < prefixSlots + rowSlots) {
            return slots.get(keySlot + row * rowSlots);
        }
        return slots.get(keySlot + (rows - 1) * rowSlots);
    }

    static StatementShape of(SqlStatement statement) {
        return new Builder(statement.tokens()).build();
    }

    private static final class Builder {
        private final Tokens t;
        private final List<SqlToken> tokens;
        private final StringBuilder text = new StringBuilder(128);
        private final List<SqlToken> slots = new ArrayList<>();
        private final List<TokenType> keySlotTypes = new ArrayList<>();
        private SqlToken previous;

        Builder(List<SqlToken> tokens) {
            this.tokens = tokens;
            this.t = new Tokens(tokens);
        }

        StatementShape build() {
            int from = skipExplain();
            int to = tokens.size();
            while (to > from && t.is(to - 1, ";")) {
                to--;
            }
            String problem = null;
            int depth = 0;
            for (int i = from; i < to; i++) {
                SqlToken token = tokens.get(i);
                if (token.is("(")) {
                    depth++;
                } else if (token.is(")")) {
                    depth--;
                } else if (token.is(";") && depth == 0) {
                    problem = "several statements in one";
                }
            }
            int[] values = repeatedRows(from, to);
            int prefixSlots = 0;
            int rowSlots = 0;
            int rows = 1;
            if (values == null) {
                emit(from, to);
            } else {
                // values = {firstRowStart, firstRowEnd, lastRowEnd, rowCount}
                emit(from, values[1]);
                prefixSlots = countSlots(from, values[0]);
                rowSlots = countSlots(values[0], values[1]);
                rows = values[3];
                for (int i = values[1]; i < values[2]; i++) {
                    if (isSlot(tokens.get(i))) {
                        slots.add(tokens.get(i));
                    }
                }
                emit(values[2], to);
            }
            TokenType[] types = keySlotTypes.toArray(new TokenType[0]);
            return new StatementShape(text.toString(), List.copyOf(slots), types, prefixSlots, rowSlots, rows, problem);
        }

        private int countSlots(int from, int to) {
            int n = 0;
            for (int i = from; i < to; i++) {
                if (isSlot(tokens.get(i))) {
                    n++;
                }
            }
            return n;
        }

        private static boolean isSlot(SqlToken token) {
            return token.isLiteral() || token.type() == TokenType.PARAMETER;
        }

        /** Skips {@code EXPLAIN [(options)] [ANALYZE] [VERBOSE]}: the analysis is that of the statement explained. */
        private int skipExplain() {
            if (!t.word(0, "explain")) {
                return 0;
            }
            int i = 1;
            if (t.is(i, "(")) {
                return t.afterGroup(i);
            }
            while (t.anyWord(i, "analyze", "analyse", "verbose")) {
                i++;
            }
            return i;
        }

        /**
         * For {@code INSERT ... VALUES (row), (row), ...} with at least two rows of one shape:
         * {firstRowStart, firstRowEnd, lastRowEnd, rowCount}; else null.
         */
        private int[] repeatedRows(int from, int to) {
            int insert = -1;
            int depth = 0;
            for (int i = from; i < to && insert < 0; i++) {
                SqlToken token = tokens.get(i);
                if (token.is("(")) {
                    depth++;
                } else if (token.is(")")) {
                    depth--;
                } else if (depth == 0 && token.isWord("insert")) {
                    insert = i;
                }
            }
            if (insert < 0) {
                return null;
            }
            int values = -1;
            for (int i = insert + 1; i < to; i++) {
                SqlToken token = tokens.get(i);
                if (token.is("(")) {
                    i = t.afterGroup(i) - 1;
                } else if (token.isWord("values")) {
                    values = i;
                    break;
                } else if (token.isWord("select") || token.isWord("default") || token.isWord("table")
                        || token.isWord("with")) {
                    return null;
                }
            }
            if (values < 0 || !t.is(values + 1, "(")) {
                return null;
            }
            int firstStart = values + 1;
            int firstEnd = t.afterGroup(firstStart);
            String signature = signature(firstStart, firstEnd);
            int rowCount = 1;
            int end = firstEnd;
            while (t.is(end, ",") && t.is(end + 1, "(")) {
                int rowEnd = t.afterGroup(end + 1);
                if (!signature.equals(signature(end + 1, rowEnd))) {
                    return null;
                }
                rowCount++;
                end = rowEnd;
            }
            return rowCount < 2 ? null : new int[] {firstStart, firstEnd, end, rowCount};
        }

        private String signature(int from, int to) {
            StringBuilder sb = new StringBuilder();
            for (int i = from; i < to; i++) {
                SqlToken token = tokens.get(i);
                sb.append(token.type().ordinal()).append(':');
                if (!isSlot(token)) {
                    sb.append(token.value());
                }
                sb.append('\u0001');
            }
            return sb.toString();
        }

        private void emit(int from, int to) {
            for (int i = from; i < to; i++) {
                SqlToken token = tokens.get(i);
                if (token.isWord("only") && (t.anyWord(i - 1, "update", "from", "into", "join", "table"))) {
                    Tokens.Name name = t.name(i + 1);
                    if (name != null) {
                        emit(i + 1, name.next());
                        i = t.is(name.next(), "*") ? name.next() : name.next() - 1;
                        continue;
                    }
                }
                if (token.isWord("collate")) {
                    Tokens.Name collation = t.name(i + 1);
                    if (collation != null) {
                        i = collation.next() - 1;
                        continue;
                    }
                }
                append(token);
            }
        }

        private void append(SqlToken token) {
            boolean glue = previous != null && (previous.is(".") || token.is("."));
            if (previous != null && !glue) {
                text.append(' ');
            }
            switch (token.type()) {
                case STRING -> text.append('\'').append(slot(token)).append('\'');
                case NUMBER -> text.append(slot(token));
                case PARAMETER -> text.append('$').append(slot(token) + 1);
                case QUOTED_IDENTIFIER -> text.append('"').append(token.value().replace("\"", "\"\"")).append('"');
                default -> text.append(token.value());
            }
            previous = token;
        }

        /** Records a slot of the key; returns its number in the key. */
        private int slot(SqlToken token) {
            slots.add(token);
            keySlotTypes.add(token.type());
            return keySlotTypes.size() - 1;
        }
    }
}
