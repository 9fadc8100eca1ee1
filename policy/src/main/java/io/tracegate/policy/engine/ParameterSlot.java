package io.tracegate.policy.engine;

import io.tracegate.policy.ColumnKind;
import java.util.List;

/**
 * A {@code $n} parameter whose value flows into a protected column.
 *
 * @param index          0-based parameter index ({@code $1} is 0)
 * @param column         the protected column, schema-qualified table included: {@code public.agent_traces.reasoning}
 * @param kind           how values for that column are masked
 * @param secret         a JSON builder puts the value under a sensitive property name (or one the
 *                       gateway cannot see): it is masked whole, as the JSON masker masks such a value
 * @param keyParameters  0-based indexes of parameters whose values are property names the value is put
 *                       under ({@code jsonb_build_object($1, $2)}): a sensitive one, seen at Bind, makes
 *                       the value secret
 */
public record ParameterSlot(int index, String column, ColumnKind kind, boolean secret, List<Integer> keyParameters) {

    public ParameterSlot {
        keyParameters = List.copyOf(keyParameters);
    }

    /** A parameter that no JSON builder puts under a property name. */
    public ParameterSlot(int index, String column, ColumnKind kind) {
        this(index, column, kind, false, List.of());
    }
}
