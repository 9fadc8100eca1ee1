package io.tracegate.policy.sql;

import java.util.ArrayList;
import java.util.List;

/** Small navigation helpers over a token list; out-of-range indexes read as "no token". */
final class Tokens {
    /** A possibly qualified name, the index of its first token and the index just after it. */
    record Name(List<String> parts, int start, int next) {
        String last() {
            return parts.get(parts.size() - 1);
        }

        String qualified() {
            return Identifiers.qualify(parts.size() > 3 ? parts.subList(parts.size() - 3, parts.size()) : parts);
        }
    }

    private final List<SqlToken> tokens;

    Tokens(List<SqlToken> tokens) {
        this.tokens = tokens;
    }

    int size() {
        return tokens.size();
    }

    SqlToken get(int i) {
        return i >= 0 && i < tokens.size() ? tokens.get(i) : null;
    }

    boolean word(int i, String lowerCase) {
        SqlToken token = get(i);
        return token != null && token.isWord(lowerCase);
    }

    boolean anyWord(int i, String... lowerCase) {
        SqlToken token = get(i);
        if (token == null || token.type() != TokenType.WORD) {
            return false;
        }
        for (String w : lowerCase) {
            if (token.value().equals(w)) {
                return true;
            }
        }
        return false;
    }

    boolean is(int i, String punctuation) {
        SqlToken token = get(i);
        return token != null && token.is(punctuation);
    }

    boolean identifier(int i) {
        SqlToken token = get(i);
        return token != null && token.isIdentifier() && !token.isError();
    }

    /** Skips the given optional words in order, e.g. {@code skip(i, "if", "not", "exists")}. */
    int skipWords(int i, String... words) {
        for (String w : words) {
            if (word(i, w)) {
                i++;
            }
        }
        return i;
    }

    /** Index after the bracket closing the one at {@code open}, or the end of the list. */
    int afterGroup(int open) {
        int depth = 0;
        for (int i = open; i < tokens.size(); i++) {
            SqlToken token = tokens.get(i);
            if (token.is("(") || token.is("[")) {
                depth++;
            } else if (token.is(")") || token.is("]")) {
                depth--;
                if (depth == 0) {
                    return i + 1;
                }
            }
        }
        return tokens.size();
    }

    /** A dotted name starting at {@code i}, or null when there is no identifier there. */
    Name name(int i) {
        if (!identifier(i)) {
            return null;
        }
        List<String> parts = new ArrayList<>(3);
        parts.add(tokens.get(i).value());
        int next = i + 1;
        while (is(next, ".") && identifier(next + 1)) {
            parts.add(tokens.get(next + 1).value());
            next += 2;
        }
        return new Name(parts, i, next);
    }

    /**
     * A list of relation names {@code [ONLY] name [*] [(columns)], ...} from {@code j}, as after
     * TRUNCATE, LOCK, VACUUM or ANALYZE; stops at the first thing that is not one.
     */
    List<Name> nameList(int j) {
        List<Name> names = new ArrayList<>();
        while (true) {
            j = skipWords(j, "only");
            Name name = name(j);
            if (name == null || name.parts().size() == 1 && tokens.get(j).type() == TokenType.WORD
                    && RelationScanner.RESERVED.contains(name.last())) {
                return names;
            }
            names.add(name);
            j = name.next();
            if (is(j, "*")) {
                j++;
            } else if (is(j, "(")) {
                j = afterGroup(j);
            }
            if (!is(j, ",")) {
                return names;
            }
            j++;
        }
    }

    /** The identifiers of a parenthesised list at {@code open}, e.g. a column list; null if not a plain list. */
    List<String> identifierList(int open) {
        if (!is(open, "(")) {
            return null;
        }
        List<String> names = new ArrayList<>();
        int i = open + 1;
        while (true) {
            if (!identifier(i)) {
                return null;
            }
            names.add(tokens.get(i).value());
            i++;
            if (is(i, ")")) {
                return names;
            }
            if (!is(i, ",")) {
                return null;
            }
            i++;
        }
    }
}
