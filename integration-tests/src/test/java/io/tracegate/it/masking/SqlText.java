package io.tracegate.it.masking;

/** Spelling values as SQL constants in the statements the tests write by hand. */
final class SqlText {

    private SqlText() {
    }

    /** A standard-conforming string constant: quotes doubled, backslashes ordinary characters. */
    static String quote(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
