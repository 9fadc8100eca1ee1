package io.tracegate.policy.engine;

import static io.tracegate.policy.engine.Engines.AGENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracegate.policy.SqlSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The engine tells the audit where, in each statement's forwarded text, the constants it masked
 * for protected columns now stand (the rewrite moves them), and which parameters it masks.
 */
class ProtectedPartsTest {
    private static final String CARD = "4111 1111 1111 1111";

    private final DefaultPolicyEngine engine = Engines.maskingAgentTraces();

    private static List<String> constants(StatementSummary summary) {
        ProtectedParts parts = summary.protectedParts();
        List<String> constants = new ArrayList<>();
        for (int i = 0; i < parts.constants(); i++) {
            constants.add(summary.forwardedText().substring(parts.start(i), parts.end(i)));
        }
        return constants;
    }

    @Test
    void constantsAreFoundWhereTheRewriteMovedThemInEachStatement() {
        String sql = "INSERT INTO agent_traces (agent, reasoning) VALUES ('card " + CARD + "', 'card " + CARD
                + "');\n  INSERT INTO agent_traces (reasoning, payload) VALUES ('ssn 123-45-6789', '{\"k\": \"plain\"}')";

        QueryVerdict verdict = engine.evaluateQuery(AGENT, sql, SqlSettings.DEFAULT);

        assertThat(verdict.statements()).hasSize(2);
        assertThat(constants(verdict.statements().get(0))).containsExactly("'card **** **** **** 1111'");
        assertThat(constants(verdict.statements().get(1))).containsExactly("'ssn <US_SSN>'", "'{\"k\": \"plain\"}'");
        assertThat(verdict.statements().get(0).forwardedText()).startsWith("INSERT").contains("'card " + CARD + "'");
    }

    @Test
    void aStatementWithNothingToRewriteStillNamesItsProtectedConstants() {
        String sql = "UPDATE agent_traces SET reasoning = 'clean' WHERE agent = 'x'";

        StatementSummary summary = engine.evaluateQuery(AGENT, sql, SqlSettings.DEFAULT).statements().get(0);

        assertThat(constants(summary)).containsExactly("'clean'");
    }

    @Test
    void constantsAreReadUnderTheSessionsSettings() {
        // With standard_conforming_strings off, \' is a quote inside the constant, not its end.
        String sql = "INSERT INTO agent_traces (agent, reasoning) VALUES ('a', 'it\\'s " + CARD + "')";

        StatementSummary summary = engine.evaluateQuery(AGENT, sql, SqlSettings.LEGACY_STRINGS).statements().get(0);

        assertThat(constants(summary)).containsExactly("'it''s **** **** **** 1111'");
    }

    @Test
    void aPreparedStatementNamesItsProtectedParameters() {
        PreparedPlan plan = engine.prepare(AGENT,
                "INSERT INTO agent_traces (agent, reasoning, payload) VALUES ($1, $2, '{\"card\": \"" + CARD + "\"}')",
                SqlSettings.DEFAULT);

        assertThat(plan.statement().protectedParts().parameters()).containsExactly(2);
        assertThat(constants(plan.statement())).containsExactly("'{\"card\": \"**** **** **** 1111\"}'");
    }

    @Test
    void aRefusedStatementLeavesTheAuditToWorkItOut() {
        StatementSummary summary = engine.evaluateQuery(AGENT,
                "INSERT INTO agent_traces (reasoning) SELECT reasoning FROM elsewhere", SqlSettings.DEFAULT)
                .statements().get(0);

        assertThat(summary.protectedParts().known()).isFalse();
    }

    @Test
    void statementsOnOtherTablesHaveNoProtectedParts() {
        StatementSummary summary = engine.evaluateQuery(AGENT, "SELECT 'x' FROM other", SqlSettings.DEFAULT)
                .statements().get(0);

        assertThat(summary.protectedParts()).isSameAs(ProtectedParts.NONE);
    }

    @Test
    void boundsMustAscendWithoutOverlapping() {
        assertThat(ProtectedParts.of(new int[] {0, 3, 3, 5}, Set.of(1)).constants()).isEqualTo(2);
        assertThatThrownBy(() -> ProtectedParts.of(new int[] {0, 4, 3, 5}, Set.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ProtectedParts.of(new int[] {2}, Set.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
