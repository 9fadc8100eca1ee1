package io.tracegate.policy.engine;

import static io.tracegate.policy.engine.Engines.AGENT;
import static org.assertj.core.api.Assertions.assertThat;

import io.tracegate.policy.SqlSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A setting changed by one statement of a Query and a protected write after it in the same Query.
 * PostgreSQL lexes the whole Query string before running any of it (and converts it from the
 * client_encoding as one message), so standard_conforming_strings and client_encoding changed
 * inside the Query do not change how its later statements are read: the gateway reads them under
 * the settings in force when the Query arrived, and masks. search_path does change what a later
 * statement's table names mean, so a write after it is still refused.
 */
class SettingsInOneQueryTest {
    private static final String CARD = "4111 1111 1111 1111";
    private static final String INSERT = "INSERT INTO agent_traces (agent, reasoning) VALUES ('a', 'C:\\tmp\\new card "
            + CARD + "')";
    private static final String MASKED_INSERT = "INSERT INTO agent_traces (agent, reasoning) VALUES ('a', "
            + "'C:\\tmp\\new card **** **** **** 1111')";

    private final DefaultPolicyEngine engine = Engines.maskingAgentTraces();

    @ParameterizedTest
    @ValueSource(strings = {
        "SET standard_conforming_strings = off",
        "SET LOCAL standard_conforming_strings TO 'off'",
        "set session standard_conforming_strings = on",
        "RESET standard_conforming_strings",
        "SELECT set_config('standard_conforming_strings', 'off', false)",
        "SET client_encoding = 'LATIN1'",
    })
    void writeAfterALexingSettingChangeIsMaskedUnderTheSettingsTheQueryArrivedWith(String set) {
        QueryVerdict verdict = engine.evaluateQuery(AGENT, set + "; " + INSERT, SqlSettings.DEFAULT);

        assertThat(verdict.forwardSql()).isEqualTo(set + "; " + MASKED_INSERT);
        assertThat(verdict.decision()).isNotInstanceOf(Decision.Block.class);
        assertThat(verdict.findings()).containsEntry("credit_card", 1);
    }

    @Test
    void legacyStringsInForceWhenTheQueryArrivedStayInForceForItsWholeText() {
        // Under standard_conforming_strings = off, '\'' is a quote; the SET in the Query changes nothing for it.
        String sql = "SET standard_conforming_strings = on; INSERT INTO agent_traces (agent, reasoning) VALUES "
                + "('a', 'it\\'s card " + CARD + "')";

        QueryVerdict verdict = engine.evaluateQuery(AGENT, sql, SqlSettings.LEGACY_STRINGS);

        assertThat(verdict.forwardSql()).isEqualTo("SET standard_conforming_strings = on; INSERT INTO agent_traces "
                + "(agent, reasoning) VALUES ('a', 'it''s card **** **** **** 1111')");
        assertThat(verdict.decision()).isInstanceOf(Decision.Mask.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "SET search_path = other, public",
        "SET SCHEMA 'other'",
        "RESET ALL",
        "SELECT set_config('search_path', 'other', false)",
    })
    void writeAfterASearchPathChangeIsStillRefused(String set) {
        QueryVerdict verdict = engine.evaluateQuery(AGENT, set + "; " + INSERT, SqlSettings.DEFAULT);

        assertThat(verdict.decision()).isInstanceOfSatisfying(Decision.Block.class,
                block -> assertThat(block.message()).contains("search_path"));
    }
}
