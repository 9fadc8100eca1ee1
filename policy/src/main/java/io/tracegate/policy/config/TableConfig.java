package io.tracegate.policy.config;

import io.tracegate.policy.ColumnKind;
import java.util.Map;
import java.util.Objects;

/**
 * A protected table ({@code tables[]}) and the columns that carry trace text.
 *
 * @param name    schema-qualified, normalised by {@link TableNames#normalize} ({@code public.} added
 *                when the file gives no schema; unquoted parts lower-cased)
 * @param columns column name (normalised the same way) to kind, in file order
 */
public record TableConfig(String name, Map<String, ColumnKind> columns) {
    public TableConfig {
        Objects.requireNonNull(name, "name");
        columns = Copies.orderedMap(columns);
    }
}
