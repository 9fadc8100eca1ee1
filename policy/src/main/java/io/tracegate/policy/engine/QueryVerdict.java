package io.tracegate.policy.engine;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The verdict on one simple-protocol Query message (which may hold several statements).
 *
 * @param decision      the strictest decision over its statements (block, then hold, then mask, then allow)
 * @param forwardSql    the text to send upstream: the original when nothing was masked, else the same
 *                      statements with only literal contents changed
 * @param statements    one summary per statement, in order, for one audit event each
 * @param copy          set when the query is a COPY ... FROM STDIN into a protected table: how to mask its rows
 * @param changesSqlSettings running it may change standard_conforming_strings or client_encoding,
 *                      which decide how the next message is read: the session must learn the new
 *                      values (ParameterStatus, before its ReadyForQuery) before it reads further
 */
public record QueryVerdict(Decision decision, String forwardSql, List<StatementSummary> statements,
        Optional<CopyPlan> copy, boolean changesSqlSettings) {

    public QueryVerdict {
        statements = List.copyOf(statements);
    }

    /** A verdict on a query that changes no SQL settings. */
    public QueryVerdict(Decision decision, String forwardSql, List<StatementSummary> statements,
            Optional<CopyPlan> copy) {
        this(decision, forwardSql, statements, copy, false);
    }

    /** Findings of all statements, by type. */
    public Map<String, Integer> findings() {
        return Findings.sum(statements.stream().map(StatementSummary::findings).toList());
    }

    /** Never prints SQL. */
    @Override
    public String toString() {
        return "QueryVerdict[decision=" + decision + ", statements=" + statements + ", copy=" + copy.isPresent() + "]";
    }
}
