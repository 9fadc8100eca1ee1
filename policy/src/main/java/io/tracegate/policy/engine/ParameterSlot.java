package io.tracegate.policy.engine;

import io.tracegate.policy.ColumnKind;

/**
 * A {@code $n} parameter whose value flows into a protected column.
 *
 * @param index   0-based parameter index ({@code $1} is 0)
 * @param column  the protected column, schema-qualified table included: {@code public.agent_traces.reasoning}
 * @param kind    how values for that column are masked
 */
public record ParameterSlot(int index, String column, ColumnKind kind) {
}
