package io.tracegate.policy;

import java.util.Locale;
import java.util.Optional;

/**
 * What a statement does, as far as rules care. The names are the ones the policy file uses
 * under {@code rules[].when.statements}.
 */
public enum StatementKind {
    SELECT,
    INSERT,
    UPDATE,
    DELETE,
    MERGE,
    DDL,
    TRUNCATE,
    COPY_FROM_STDIN,
    COPY_TO_STDOUT,
    /** COPY to or from a file on the server, or through PROGRAM. */
    COPY_SERVER_SIDE,
    /** A call of a function that reads or writes server files or reaches other servers. */
    DANGEROUS_FUNCTION,
    /** The legacy FunctionCall protocol message. */
    FASTPATH,
    OTHER;

    /** The spelling used in policy files, e.g. {@code copy_from_stdin}. */
    public String policyName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<StatementKind> fromPolicyName(String name) {
        for (StatementKind kind : values()) {
            if (kind.policyName().equals(name)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }

    /** Kinds that can put new values into a table. */
    public boolean writes() {
        return this == INSERT || this == UPDATE || this == MERGE || this == COPY_FROM_STDIN;
    }
}
