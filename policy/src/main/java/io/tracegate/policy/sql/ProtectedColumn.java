package io.tracegate.policy.sql;

import io.tracegate.policy.ColumnKind;
import java.util.Objects;

/** A protected column: canonical table and column names and how its values are masked. */
public record ProtectedColumn(String table, String column, ColumnKind kind) {
    public ProtectedColumn {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(column, "column");
        Objects.requireNonNull(kind, "kind");
    }

    @Override
    public String toString() {
        return table + "." + column;
    }
}
