package io.tracegate.policy.sql;

import io.tracegate.policy.ColumnKind;
import java.util.List;
import java.util.Objects;

/**
 * Where part of a protected column's value comes from: a constant in the SQL text or a bound
 * parameter. {@link #maskAs()} says how to mask that piece: {@code JSON} for a whole JSON document
 * (e.g. {@code '{...}'::jsonb} into a json column), {@code TEXT} otherwise (plain text, or a piece
 * that a function such as {@code jsonb_build_object} turns into a JSON string). {@link #jsonKeys()}
 * are the JSON property names the piece ends up under, outermost first, when JSON builders place it
 * in an object ({@code jsonb_build_object('auth', jsonb_build_object('token', 'abc'))} puts
 * {@code 'abc'} under {@code auth} and {@code token}); empty otherwise.
 */
public sealed interface ValueSource {
    ColumnKind maskAs();

    List<JsonKey> jsonKeys();

    /** A string or number constant; {@code token} locates it for {@link LiteralRewriter}. */
    record Literal(SqlToken token, ColumnKind maskAs, List<JsonKey> jsonKeys) implements ValueSource {
        public Literal {
            Objects.requireNonNull(token, "token");
            Objects.requireNonNull(maskAs, "maskAs");
            jsonKeys = List.copyOf(jsonKeys);
        }

        public Literal(SqlToken token, ColumnKind maskAs) {
            this(token, maskAs, List.of());
        }
    }

    /** A positional parameter {@code $number} whose value arrives in Bind. */
    record Parameter(int number, ColumnKind maskAs, List<JsonKey> jsonKeys) implements ValueSource {
        public Parameter {
            Objects.requireNonNull(maskAs, "maskAs");
            jsonKeys = List.copyOf(jsonKeys);
        }

        public Parameter(int number, ColumnKind maskAs) {
            this(number, maskAs, List.of());
        }
    }
}
