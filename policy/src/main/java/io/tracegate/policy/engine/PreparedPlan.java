package io.tracegate.policy.engine;

import java.util.List;

/**
 * The analysis of one extended-protocol Parse, made once per distinct statement text and reused
 * for every Bind of it.
 *
 * @param decision       the decision that does not depend on parameter values (e.g. block DDL);
 *                       a Bind may still escalate it to hold or mask
 * @param forwardSql     the text to send in Parse (literals in it masked when needed)
 * @param statement      the summary for audit
 * @param protectedSlots parameters that flow into protected columns: the values Bind must mask
 * @param inspectAllParameters the statement writes and some rule looks at findings, so every text
 *                       parameter is scanned (not rewritten) to decide
 * @param changesSqlSettings executing it may change standard_conforming_strings or client_encoding
 */
public record PreparedPlan(Decision decision, String forwardSql, StatementSummary statement,
        List<ParameterSlot> protectedSlots, boolean inspectAllParameters, boolean changesSqlSettings) {

    public PreparedPlan {
        protectedSlots = List.copyOf(protectedSlots);
    }

    /** A plan for a statement that changes no SQL settings. */
    public PreparedPlan(Decision decision, String forwardSql, StatementSummary statement,
            List<ParameterSlot> protectedSlots, boolean inspectAllParameters) {
        this(decision, forwardSql, statement, protectedSlots, inspectAllParameters, false);
    }

    /** False when a Bind of this plan can be relayed without decoding its values. */
    public boolean bindNeedsInspection() {
        return !protectedSlots.isEmpty() || inspectAllParameters;
    }

    @Override
    public String toString() {
        return "PreparedPlan[decision=" + decision + ", statement=" + statement + ", slots=" + protectedSlots + "]";
    }
}
