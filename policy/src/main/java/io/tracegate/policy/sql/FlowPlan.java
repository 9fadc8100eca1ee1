package io.tracegate.policy.sql;

import io.tracegate.policy.ColumnKind;
import java.util.List;
import java.util.Set;

/**
 * The analysis of one statement shape, in terms of slots (see {@link StatementShape}) rather than
 * tokens, so it can be cached and applied to any statement of the same shape.
 */
sealed interface FlowPlan {

    /**
     * Slot {@code slot} of the shape feeds the column, masked as {@code maskAs}, placed by JSON
     * builders under the property names {@code keys} (outermost first; see {@link ValueSource#jsonKeys()}).
     */
    record Slot(int slot, ColumnKind maskAs, List<Key> keys) {
        public Slot {
            keys = List.copyOf(keys);
        }
    }

    /**
     * A JSON property name: the shape slot that holds it, or {@link #COMPUTED} when no slot does.
     * With {@code path} set the slot holds a text array of names ({@code '{auth,token}'}).
     */
    record Key(int slot, boolean path) {
        static final Key COMPUTED = new Key(-1, false);

        Key(int slot) {
            this(slot, false);
        }

        boolean computed() {
            return slot < 0;
        }
    }

    record Flow(ProtectedColumn column, List<Slot> slots) {
        public Flow {
            slots = List.copyOf(slots);
        }
    }

    /**
     * @param flows            values the gateway can see
     * @param opaque           values it cannot see
     * @param protectedTargets protected tables the parsed statement writes (any way, deletes included)
     */
    record Flows(List<Flow> flows, List<OpaqueFlow> opaque, Set<String> protectedTargets) implements FlowPlan {
        public Flows {
            flows = List.copyOf(flows);
            opaque = List.copyOf(opaque);
            protectedTargets = Set.copyOf(protectedTargets);
        }
    }

    record Failed(String reason) implements FlowPlan {
    }
}
