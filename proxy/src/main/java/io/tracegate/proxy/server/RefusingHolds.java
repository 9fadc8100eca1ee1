package io.tracegate.proxy.server;

import io.tracegate.protocol.SqlState;
import io.tracegate.policy.engine.Decision;
import io.tracegate.policy.engine.StatementSummary;
import io.tracegate.proxy.session.TransactionHolds;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Holds when no approval service runs: nobody could ever approve, so a held statement is
 * refused at once (fail closed) with a message that says so.
 */
final class RefusingHolds implements TransactionHolds {

    static final RefusingHolds INSTANCE = new RefusingHolds();

    private RefusingHolds() {
    }

    @Override
    public CompletionStage<Outcome> hold(Decision.Hold decision, StatementSummary statement, List<String> parameters) {
        return CompletableFuture.completedFuture(Outcome.refused(null, null, SqlState.INSUFFICIENT_PRIVILEGE,
                "statement needs approval under rule \"" + decision.ruleName() + "\", but no approval service is running",
                "the gateway refuses what it cannot hold"));
    }

    @Override
    public void cancelAll() {
        // Nothing is ever waiting.
    }
}
