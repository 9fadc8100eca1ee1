package io.tracegate.proxy.session;

import io.tracegate.policy.engine.PreparedPlan;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The session's prepared statements and portals as the gateway saw them created: what each
 * statement's Parse was analysed to, and which statement (and masked values) each portal binds.
 * The unnamed statement and portal use the empty name and are replaced by each new Parse/Bind.
 */
final class PreparedStatements {

    /** A statement: its plan and the parameter type OIDs the client gave in Parse. */
    record Statement(PreparedPlan plan, int[] parameterTypes) {
        int parameterType(int index) {
            return index < parameterTypes.length ? parameterTypes[index] : 0;
        }

        /**
         * This statement as one Bind of it is audited: with the findings in that Bind's values
         * ({@code findings} includes the text's own), which a Parse cannot know.
         */
        Statement withFindings(Map<String, Integer> findings) {
            return new Statement(new PreparedPlan(plan.decision(), plan.forwardSql(),
                    plan.statement().withFindings(findings), plan.protectedSlots(), plan.inspectAllParameters(),
                    plan.changesSqlSettings()), parameterTypes);
        }
    }

    /**
     * A portal: the statement it runs, the parameter values as forwarded (masked) and the
     * decision that let it through, for the audit event of its Execute.
     */
    record Portal(Statement statement, List<String> auditedParameters, Verdict verdict) {
    }

    /** The audit view of a decision: allow/mask/block/hold/approved/rejected, its rule and approval. */
    record Verdict(String decision, String ruleName, String approvalId, String reviewer) {
        static Verdict of(io.tracegate.policy.engine.Decision decision) {
            return new Verdict(decision.label(), decision.ruleName(), null, null);
        }
    }

    private final Map<String, Statement> statements = new HashMap<>();
    private final Map<String, Portal> portals = new HashMap<>();

    void parsed(String name, PreparedPlan plan, int[] parameterTypes) {
        statements.put(name, new Statement(plan, parameterTypes));
    }

    Statement statement(String name) {
        return statements.get(name);
    }

    void bound(String portal, Statement statement, List<String> auditedParameters, Verdict verdict) {
        portals.put(portal, new Portal(statement, auditedParameters, verdict));
    }

    Portal portal(String name) {
        return portals.get(name);
    }

    void closeStatement(String name) {
        statements.remove(name);
    }

    void closePortal(String name) {
        portals.remove(name);
    }

    /** Sync ends the implicit transaction of unnamed portals; named ones live until COMMIT, kept simple here. */
    void synced() {
        portals.remove("");
    }
}
