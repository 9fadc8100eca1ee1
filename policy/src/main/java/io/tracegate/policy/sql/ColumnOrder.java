package io.tracegate.policy.sql;

import java.util.List;
import java.util.Optional;

/**
 * The full column list of a table in definition order, for statements that omit the column list
 * ({@code INSERT INTO t VALUES (...)}, {@code COPY t FROM STDIN}). The policy file only names
 * protected columns, so without this such statements on a protected table cannot be analysed and
 * are refused. A proxy can fill it from {@code pg_attribute} (attnum > 0, not dropped) and must
 * refresh it when the table's definition changes.
 */
@FunctionalInterface
public interface ColumnOrder {
    /** Knows no table: statements without a column list on a protected table are unanalysable. */
    ColumnOrder UNKNOWN = table -> Optional.empty();

    /** Canonical column names of the canonical {@code table}, in order, when known. */
    Optional<List<String>> columnsOf(String table);
}
