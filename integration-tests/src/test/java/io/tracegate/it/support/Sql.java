package io.tracegate.it.support;

/** Quoting for the few statements the fixture builds from names it is given. */
final class Sql {

    private Sql() {
    }

    /** A PostgreSQL quoted identifier: always quoted, so case and reserved words survive. */
    static String identifier(String name) {
        if (name.isEmpty() || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("not a valid identifier: " + name);
        }
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /** A standard-conforming string literal ('' for a quote; backslashes are ordinary characters). */
    static String literal(String value) {
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("string literal cannot hold NUL");
        }
        return "'" + value.replace("'", "''") + "'";
    }
}
