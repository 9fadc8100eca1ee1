package io.tracegate.policy.sql;

/**
 * Numeric constants as PostgreSQL 16 reads them: decimal integers and decimals with optional
 * exponent, {@code 0x}/{@code 0o}/{@code 0b} integers, {@code _} between digits, and the errors for
 * a number run into letters ({@code 123abc}) or an empty radix ({@code 0x}). {@code 1..10} is the
 * integer 1 followed by {@code ..}.
 */
final class NumberScanner {
    /** Where the number ends, and why the server would reject it (null when it is fine). */
    record Result(int end, String error) {
    }

    private final String sql;
    private final int length;

    NumberScanner(String sql) {
        this.sql = sql;
        this.length = sql.length();
    }

    private char at(int i) {
        return i < length ? sql.charAt(i) : '\0';
    }

    /** Scans the number starting at {@code start} (a digit, or a dot followed by a digit). */
    Result scan(int start) {
        char c1 = at(start + 1);
        int end;
        if (sql.charAt(start) == '0' && c1 != '\0' && "xXoObB".indexOf(c1) >= 0) {
            int radix = (c1 == 'x' || c1 == 'X') ? 16 : (c1 == 'o' || c1 == 'O') ? 8 : 2;
            int digitsFrom = start + 2 + (at(start + 2) == '_' ? 1 : 0);
            end = radixDigits(digitsFrom, radix);
            if (end == digitsFrom) {
                return new Result(identEnd(start + 2), "invalid " + radixName(radix) + " integer");
            }
        } else {
            end = sql.charAt(start) == '.' ? start : decimalDigits(start);
            if (at(end) == '.' && at(end + 1) != '.') {
                end++;
                if (SqlLexer.isDigit(at(end))) {
                    end = decimalDigits(end);
                }
            }
            char e = at(end);
            if (e == 'e' || e == 'E') {
                int q = end + 1;
                if (at(q) == '+' || at(q) == '-') {
                    q++;
                }
                if (SqlLexer.isDigit(at(q))) {
                    end = decimalDigits(q);
                } else if (q > end + 1) {
                    return new Result(q, "trailing junk after numeric literal");
                }
            }
        }
        if (end < length && SqlLexer.isIdentStart(sql.charAt(end))) {
            return new Result(identEnd(end), "trailing junk after numeric literal");
        }
        return new Result(end, null);
    }

    /** Digits with single {@code _} separators between them, from {@code p} (which is a digit). */
    int decimalDigits(int p) {
        return radixDigits(p, 10);
    }

    private int radixDigits(int p, int radix) {
        int end = p;
        while (true) {
            int q = end;
            if (q > p && at(q) == '_') {
                q++;
            }
            if (q < length && sql.charAt(q) < 0x80 && Character.digit(sql.charAt(q), radix) >= 0) {
                end = q + 1;
            } else {
                return end;
            }
        }
    }

    private int identEnd(int p) {
        while (p < length && SqlLexer.isIdentCont(sql.charAt(p))) {
            p++;
        }
        return p;
    }

    private static String radixName(int radix) {
        return radix == 16 ? "hexadecimal" : radix == 8 ? "octal" : "binary";
    }
}
