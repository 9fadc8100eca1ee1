package io.tracegate.policy.engine;

import java.util.List;
import java.util.Map;

/**
 * The verdict on one Bind of a {@link PreparedPlan}.
 *
 * @param decision  the plan's decision, possibly escalated by findings in the values
 * @param values    the parameter values to forward, same size and order as given; an entry is the
 *                  very same String object when it was not changed
 * @param findings  finding counts by type over the inspected values
 */
public record BindVerdict(Decision decision, List<String> values, Map<String, Integer> findings) {

    public BindVerdict {
        values = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(values));
        findings = Map.copyOf(findings);
    }

    @Override
    public String toString() {
        return "BindVerdict[decision=" + decision + ", values=" + values.size() + ", findings=" + findings + "]";
    }
}
