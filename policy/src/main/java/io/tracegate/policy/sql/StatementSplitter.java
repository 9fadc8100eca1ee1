package io.tracegate.policy.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a token stream on top-level semicolons, as psql does: not inside parentheses or brackets
 * (literals, comments and dollar quotes are already single tokens), and not inside the
 * {@code BEGIN ATOMIC ... END} body of {@code CREATE [OR REPLACE] FUNCTION|PROCEDURE}, where
 * {@code BEGIN} and {@code CASE} open and {@code END} closes a block. Empty statements are dropped.
 */
public final class StatementSplitter {
    private StatementSplitter() {
    }

    public static List<SqlStatement> split(String sql, List<SqlToken> tokens) {
        List<SqlStatement> statements = new ArrayList<>();
        int first = 0;
        int parenDepth = 0;
        int beginDepth = 0;
        boolean routine = false;
        for (int i = 0; i < tokens.size(); i++) {
            SqlToken token = tokens.get(i);
            if (token.is("(") || token.is("[")) {
                parenDepth++;
            } else if ((token.is(")") || token.is("]")) && parenDepth > 0) {
                parenDepth--;
            } else if (token.type() == TokenType.WORD) {
                if (i - first < 5) {
                    routine = routine || startsRoutineDefinition(tokens, first, i);
                }
                if (routine && parenDepth == 0) {
                    if (token.value().equals("begin")) {
                        beginDepth++;
                    } else if (token.value().equals("case") && beginDepth > 0) {
                        beginDepth++;
                    } else if (token.value().equals("end") && beginDepth > 0) {
                        beginDepth--;
                    }
                }
            } else if (token.is(";") && parenDepth == 0 && beginDepth == 0) {
                add(statements, sql, tokens, first, i);
                first = i + 1;
                routine = false;
            }
        }
        add(statements, sql, tokens, first, tokens.size());
        return statements;
    }

    /** CREATE FUNCTION, CREATE PROCEDURE, CREATE OR REPLACE FUNCTION|PROCEDURE, ending at {@code last}. */
    private static boolean startsRoutineDefinition(List<SqlToken> tokens, int first, int last) {
        if (!tokens.get(first).isWord("create")) {
            return false;
        }
        int n = last - first + 1;
        SqlToken word = tokens.get(last);
        boolean routineWord = word.isWord("function") || word.isWord("procedure");
        if (n == 2) {
            return routineWord;
        }
        return n == 4 && routineWord && tokens.get(first + 1).isWord("or") && tokens.get(first + 2).isWord("replace");
    }

    private static void add(List<SqlStatement> out, String sql, List<SqlToken> tokens, int from, int to) {
        if (from < to) {
            out.add(new SqlStatement(sql, tokens.get(from).start(), tokens.get(to - 1).end(), tokens.subList(from, to)));
        }
    }
}
