package io.tracegate.policy.sql;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/** What a statement writes into protected columns. */
public sealed interface WriteAnalysis {

    /** The statement puts no value into a protected column (reads, deletes, other tables, other columns). */
    record NoProtectedValues() implements WriteAnalysis {
    }

    /**
     * The statement writes protected columns: {@code flows} are the values the gateway can mask,
     * {@code opaque} the ones it cannot see. With a non-empty {@code opaque} the rule decides;
     * the default is to refuse.
     */
    record ProtectedValues(List<ColumnFlow> flows, List<OpaqueFlow> opaque) implements WriteAnalysis {
        public ProtectedValues {
            flows = List.copyOf(flows);
            opaque = List.copyOf(opaque);
        }
    }

    /**
     * A COPY ... FROM STDIN into a protected table: the values arrive as COPY data rows, and
     * {@code fields} maps a field's position in each row to the protected column it fills.
     */
    record CopyRows(CopySpec spec, Map<Integer, ProtectedColumn> fields) implements WriteAnalysis {
        public CopyRows {
            Objects.requireNonNull(spec, "spec");
            fields = Map.copyOf(fields);
        }
    }

    /** The statement writes a protected table but could not be analysed; callers refuse it. */
    record Unanalysable(String reason) implements WriteAnalysis {
        public Unanalysable {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
