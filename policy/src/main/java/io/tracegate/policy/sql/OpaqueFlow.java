package io.tracegate.policy.sql;

import java.util.Objects;

/**
 * A protected column that receives a value the gateway cannot see in full: a column of another
 * table, a subquery, a function that transforms its input, SQL it cannot parse into parts.
 */
public record OpaqueFlow(ProtectedColumn column, String reason) {
    public OpaqueFlow {
        Objects.requireNonNull(column, "column");
        Objects.requireNonNull(reason, "reason");
    }
}
