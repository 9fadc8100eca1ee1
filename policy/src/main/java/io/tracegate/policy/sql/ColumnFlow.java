package io.tracegate.policy.sql;

import java.util.List;
import java.util.Objects;

/**
 * One value written into a protected column (one row of a multi-row INSERT, one SET assignment)
 * and the constants and parameters it is built from. Masking each source masks the value.
 */
public record ColumnFlow(ProtectedColumn column, List<ValueSource> sources) {
    public ColumnFlow {
        Objects.requireNonNull(column, "column");
        sources = List.copyOf(sources);
    }

    /**
     * True when several pieces make up the value ({@code 'a' || $1}, {@code concat(..)}): a secret
     * split across pieces is not visible in any single piece, so callers should also check the
     * pieces joined.
     */
    public boolean combined() {
        return sources.size() > 1;
    }
}
