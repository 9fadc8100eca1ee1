package io.tracegate.policy.engine;

import io.tracegate.policy.StatementKind;
import io.tracegate.policy.sql.SqlStatement;
import io.tracegate.policy.sql.SqlToken;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the engine found in one statement before any rule is applied: its kind and tables, the
 * masked values for its constants, the findings, the parameters bound for protected columns, and
 * why it must be refused whatever the rules say (unanalysable write, value the gateway cannot see).
 *
 * @param replacements constant tokens whose contents must change, to their masked values
 * @param protectedConstants every constant that flows into a protected column (masked or found
 *                     clean), in source order: the audit need not scan them again
 * @param refusal      set when the statement cannot be forwarded safely
 * @param copy         set for a COPY FROM STDIN into a protected table
 */
record StatementAssessment(SqlStatement statement, StatementKind kind, Set<String> tables,
        Map<SqlToken, String> replacements, List<SqlToken> protectedConstants, Map<String, Integer> findings,
        List<ParameterSlot> slots,
        Optional<Refusal> refusal, Optional<CopyPlan> copy, boolean changesSqlSettings) {

    /** A reason to refuse that no rule can lift: SQLSTATE, message and detail for the agent. */
    record Refusal(String sqlState, String message, String detail) {
    }

    boolean rewritten() {
        return !replacements.isEmpty();
    }
}
