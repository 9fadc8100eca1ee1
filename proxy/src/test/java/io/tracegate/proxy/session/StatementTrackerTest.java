package io.tracegate.proxy.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracegate.policy.StatementKind;
import io.tracegate.policy.engine.Decision;
import io.tracegate.policy.engine.StatementSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StatementTrackerTest {

    private final List<String> completed = new ArrayList<>();
    private final StatementTracker tracker = new StatementTracker((pending, outcome, end) ->
            completed.add(pending.statement().forwardedText() + "=" + (outcome.executed()
                    ? (outcome.sqlState() != null ? "error " + outcome.sqlState() : outcome.commandTag())
                    : outcome.unanswered())));

    private static StatementSummary statement(String text) {
        return new StatementSummary(StatementKind.SELECT, Set.of(), text, Map.of());
    }

    private void send(String text) {
        tracker.sent(statement(text), new Decision.Allow("default"), List.of());
    }

    @Test
    void pairsEachStatementOfAMultiStatementQueryWithItsCommandComplete() {
        send("a");
        send("b");
        tracker.boundary();
        tracker.commandComplete("SELECT 1");
        tracker.commandComplete("INSERT 0 2");
        tracker.readyForQuery();
        assertThat(completed).containsExactly("a=SELECT 1", "b=INSERT 0 2");
    }

    @Test
    void anErrorFailsItsStatementAndSkipsTheRestOfTheBatchButNotTheNextOne() {
        send("a");
        send("b");
        send("c");
        tracker.boundary();
        send("d");
        tracker.boundary();
        tracker.commandComplete("SELECT 1");
        tracker.error("22012");
        tracker.readyForQuery();
        tracker.commandComplete("SELECT 4");
        tracker.readyForQuery();
        assertThat(completed).containsExactly("a=SELECT 1", "b=error 22012",
                "c=not executed: an earlier statement of its batch failed", "d=SELECT 4");
    }

    @Test
    void statementsLeftWhenTheSessionEndsAreRecordedAsUnanswered() {
        send("a");
        tracker.boundary();
        tracker.abandon();
        assertThat(completed).containsExactly("a=no answer: the session ended first");
    }

    @Test
    void aStatementSentAfterTheSessionEndedIsCompletedAtOnce() {
        tracker.abandon();
        send("held");
        tracker.boundary();
        assertThat(completed).containsExactly("held=no answer: the session ended first");
    }

    @Test
    void answersToUntrackedMessagesAreIgnored() {
        tracker.boundary();
        tracker.commandComplete("SET");
        tracker.readyForQuery();
        send("a");
        tracker.boundary();
        tracker.commandComplete("SELECT 1");
        assertThat(completed).containsExactly("a=SELECT 1");
    }
}
