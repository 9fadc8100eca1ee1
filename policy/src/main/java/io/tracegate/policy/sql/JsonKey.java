package io.tracegate.policy.sql;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A JSON property name a value is placed under by a JSON builder ({@code jsonb_build_object('password', v)},
 * {@code jsonb_object(ARRAY[...])}, {@code jsonb_set(doc, '{password}', v)}): the JSON masker masks a
 * value under a sensitive name whole, so the
 * pieces of SQL that build such a value must be masked the same way. The name is known from a constant,
 * arrives later as a parameter, or is computed by an expression the gateway does not evaluate.
 */
public sealed interface JsonKey {

    /** The name is this constant's value. */
    record Constant(SqlToken token) implements JsonKey {
        public Constant {
            Objects.requireNonNull(token, "token");
        }
    }

    /**
     * The names are the elements of this text-array constant, outermost first: a path such as
     * {@code jsonb_set}'s {@code '{auth,token}'}.
     */
    record Path(SqlToken token) implements JsonKey {
        public Path {
            Objects.requireNonNull(token, "token");
        }

        /** The names (an element may be null), or empty when the constant is not a one-dimensional text array. */
        public Optional<List<String>> names() {
            return TextArrays.elements(token.value());
        }
    }

    /** The name is the value of parameter {@code $number}, known at Bind. */
    record Parameter(int number) implements JsonKey {
    }

    /** The name is computed (a column, a function, a cast that may change it): the gateway cannot know it. */
    record Computed() implements JsonKey {
    }
}
