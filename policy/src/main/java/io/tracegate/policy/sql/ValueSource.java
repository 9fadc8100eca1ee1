package io.tracegate.policy.sql;

import io.tracegate.policy.ColumnKind;
import java.util.Objects;

/**
 * Where part of a protected column's value comes from: a constant in the SQL text or a bound
 * parameter. {@link #maskAs()} says how to mask that piece: {@code JSON} for a whole JSON document
 * (e.g. {@code '{...}'::jsonb} into a json column), {@code TEXT} otherwise (plain text, or a piece
 * that a function such as {@code jsonb_build_object} turns into a JSON string).
 */
public sealed interface ValueSource {
    ColumnKind maskAs();

    /** A string or number constant; {@code token} locates it for {@link LiteralRewriter}. */
    record Literal(SqlToken token, ColumnKind maskAs) implements ValueSource {
        public Literal {
            Objects.requireNonNull(token, "token");
            Objects.requireNonNull(maskAs, "maskAs");
        }
    }

    /** A positional parameter {@code $number} whose value arrives in Bind. */
    record Parameter(int number, ColumnKind maskAs) implements ValueSource {
        public Parameter {
            Objects.requireNonNull(maskAs, "maskAs");
        }
    }
}
