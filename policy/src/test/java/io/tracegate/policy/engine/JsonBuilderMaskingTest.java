package io.tracegate.policy.engine;

import static io.tracegate.policy.engine.Engines.AGENT;
import static org.assertj.core.api.Assertions.assertThat;

import io.tracegate.policy.SqlSettings;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Values that JSON builders put under a property name are masked as the JSON masker masks that
 * property's value in a JSON document: whole under a sensitive name ({@code password}, {@code token},
 * ...), by detectors otherwise; in simple queries, in Parse text and in Bind values.
 */
class JsonBuilderMaskingTest {
    private static final String SECRET = "<GENERIC_SECRET>";
    private static final String CARD = "4111 1111 1111 1111";
    private static final String CARD_MASKED = "**** **** **** 1111";
    private static final String INSERT = "INSERT INTO agent_traces (agent, payload) VALUES ('a', %s)";

    private final DefaultPolicyEngine engine = Engines.maskingAgentTraces();

    private String forwarded(String payload) {
        QueryVerdict verdict = engine.evaluateQuery(AGENT, INSERT.formatted(payload), SqlSettings.DEFAULT);
        assertThat(verdict.decision()).isNotInstanceOf(Decision.Block.class);
        return verdict.forwardSql();
    }

    @Test
    void valueOfASensitiveNameIsMaskedWholeBesideDetectorFindings() {
        QueryVerdict verdict = engine.evaluateQuery(AGENT, INSERT.formatted(
                "jsonb_build_object('password', 'hunter2', 'note', 'card " + CARD + "')"), SqlSettings.DEFAULT);

        assertThat(verdict.forwardSql()).isEqualTo(INSERT.formatted(
                "jsonb_build_object('password', '" + SECRET + "', 'note', 'card " + CARD_MASKED + "')"));
        assertThat(verdict.decision()).isInstanceOf(Decision.Mask.class);
        assertThat(verdict.findings()).containsEntry("generic_secret", 1).containsEntry("credit_card", 1);
    }

    @Test
    void nestedBuildersMaskEverythingUnderASensitiveName() {
        assertThat(forwarded("jsonb_build_object('auth', jsonb_build_object('token', 'abc', 'user', 'bob'),"
                + " 'meta', json_build_object('api_key', concat('k-', '123'), 'tokens', json_build_array('t1', 12)),"
                + " 'note', 'hello')"))
                .isEqualTo(INSERT.formatted("jsonb_build_object('auth', jsonb_build_object('token', '" + SECRET
                        + "', 'user', '" + SECRET + "'), 'meta', json_build_object('api_key', concat('" + SECRET
                        + "', '" + SECRET + "'), 'tokens', json_build_array('t1', 12)), 'note', 'hello')"));
    }

    @Test
    void numbersAndJsonDocumentsUnderASensitiveName() {
        assertThat(forwarded("jsonb_build_object('pin', 1234, 'secret', '{\"a\": \"b\", \"n\": [1, true, \"\"]}'::jsonb)"))
                .isEqualTo(INSERT.formatted("jsonb_build_object('pin', '" + SECRET + "', 'secret', "
                        + "'{\"a\": \"" + SECRET + "\", \"n\": [\"" + SECRET + "\", true, \"\"]}'::jsonb)"));
    }

    @Test
    void harmlessNamesAndEmptySecretsAreLeftAlone() {
        String payload = "jsonb_build_object('max_tokens', 100, 'token_count', 7, 'password', '', 'note', 'hello')";
        QueryVerdict verdict = engine.evaluateQuery(AGENT, INSERT.formatted(payload), SqlSettings.DEFAULT);

        assertThat(verdict.forwardSql()).isEqualTo(INSERT.formatted(payload));
        assertThat(verdict.decision()).isInstanceOf(Decision.Allow.class);
    }

    /** The builder and a JSON document agree on every name: the list lives in the JSON masker alone. */
    @ParameterizedTest
    @ValueSource(strings = {"password", "db_password", "X-Api-Key", "clientSecret", "refresh_token", "cvv", "auth",
            "session id", "max_tokens", "token_count", "note", "author", "passport"})
    void builderAndJsonDocumentAgreeOnWhichNamesAreSensitive(String name) {
        String fromBuilder = forwarded("jsonb_build_object('" + name + "', 'v4lue')");
        String fromDocument = forwarded("'{\"" + name + "\": \"v4lue\"}'::jsonb");

        assertThat(fromBuilder.contains("v4lue")).as("value kept by the builder").isEqualTo(fromDocument.contains("v4lue"));
    }

    /**
     * A name the gateway cannot read might be {@code password}: its value is masked whole (fail closed).
     * Losing a harmless value whose name an agent computes costs less than storing a secret; an agent
     * that wants the value kept writes the name as a constant.
     */
    @Test
    void valueUnderAComputedNameIsMaskedWhole() {
        assertThat(forwarded("jsonb_build_object(lower('NOTE'), 'hello', 'pass' || 'word', 'hunter2',"
                + " 'token'::varchar(3), 'abc', 'note'::text, 'kept')"))
                .isEqualTo(INSERT.formatted("jsonb_build_object(lower('NOTE'), '" + SECRET + "', 'pass' || 'word', '"
                        + SECRET + "', 'token'::varchar(3), '" + SECRET + "', 'note'::text, 'kept')"));
    }

    @Test
    void eachRowOfAMultiRowInsertUsesItsOwnNames() {
        QueryVerdict verdict = engine.evaluateQuery(AGENT, "INSERT INTO agent_traces (agent, payload) VALUES"
                + " ('a', jsonb_build_object('password', 'x1')), ('b', jsonb_build_object('note', 'x2')),"
                + " ('c', jsonb_build_object('token', 'x3'))", SqlSettings.DEFAULT);

        assertThat(verdict.forwardSql()).isEqualTo("INSERT INTO agent_traces (agent, payload) VALUES"
                + " ('a', jsonb_build_object('password', '" + SECRET + "')), ('b', jsonb_build_object('note', 'x2')),"
                + " ('c', jsonb_build_object('token', '" + SECRET + "'))");
    }

    @Test
    void objectFromArrays() {
        assertThat(forwarded("jsonb_object(ARRAY['password', 'hunter2', 'note', 'hello'])"))
                .isEqualTo(INSERT.formatted("jsonb_object(ARRAY['password', '" + SECRET + "', 'note', 'hello'])"));
        assertThat(forwarded("jsonb_object(ARRAY[['note', 'hello'], ['api_key', 'k1']])"))
                .isEqualTo(INSERT.formatted("jsonb_object(ARRAY[['note', 'hello'], ['api_key', '" + SECRET + "']])"));
        assertThat(forwarded("jsonb_object(ARRAY['note', 'secret'], ARRAY['hello', 's3'])"))
                .isEqualTo(INSERT.formatted("jsonb_object(ARRAY['note', 'secret'], ARRAY['hello', '" + SECRET + "'])"));
    }

    @Test
    void objectFromAnArrayLiteralIsRefused() {
        QueryVerdict verdict = engine.evaluateQuery(AGENT, INSERT.formatted("jsonb_object('{password,hunter2}')"),
                SqlSettings.DEFAULT);

        assertThat(verdict.decision()).isInstanceOfSatisfying(Decision.Block.class, block -> {
            assertThat(block.sqlState()).isEqualTo("42501");
            assertThat(block.detail()).contains("cannot split into names and values");
        });
    }

    @Test
    void valuesSetAtASensitivePathOrSubscript() {
        String sql = "UPDATE agent_traces SET payload = jsonb_set(jsonb_set(payload, '{auth,token}', '\"abc\"'),"
                + " '{note}', '\"card " + CARD + "\"') WHERE id = 1;"
                + " UPDATE agent_traces SET payload['api_key'] = '\"k-1\"', reasoning = 'ok' WHERE id = 2;"
                + " UPDATE agent_traces SET payload = jsonb_insert(payload, '{a,\"b}', '{\"c\": 1}') WHERE id = 3";

        assertThat(engine.evaluateQuery(AGENT, sql, SqlSettings.DEFAULT).forwardSql()).isEqualTo(
                "UPDATE agent_traces SET payload = jsonb_set(jsonb_set(payload, '{auth,token}', '\"" + SECRET + "\"'),"
                + " '{note}', '\"card " + CARD_MASKED + "\"') WHERE id = 1;"
                + " UPDATE agent_traces SET payload['api_key'] = '\"" + SECRET + "\"', reasoning = 'ok' WHERE id = 2;"
                // A path the gateway cannot read might name a secret.
                + " UPDATE agent_traces SET payload = jsonb_insert(payload, '{a,\"b}', '{\"c\": \"" + SECRET
                + "\"}') WHERE id = 3");
    }

    // ---- extended protocol -----------------------------------------------------------------

    @Test
    void bindValueUnderASensitiveNameIsMaskedWhole() {
        PreparedPlan plan = engine.prepare(AGENT, INSERT.formatted(
                "jsonb_build_object('password', $1, 'note', $2, 'auth', jsonb_build_object('user', $3))"),
                SqlSettings.DEFAULT);

        BindVerdict verdict = engine.evaluateBind(AGENT, plan, List.of("hunter2", "card " + CARD, "bob"));

        assertThat(verdict.values()).containsExactly(SECRET, "card " + CARD_MASKED, SECRET);
        assertThat(verdict.decision()).isInstanceOf(Decision.Mask.class);
        assertThat(verdict.findings()).containsEntry("generic_secret", 2).containsEntry("credit_card", 1);
    }

    @Test
    void namesBoundAsParametersAreReadAtBind() {
        PreparedPlan plan = engine.prepare(AGENT, INSERT.formatted("jsonb_build_object($1, $2, $3, $4)"),
                SqlSettings.DEFAULT);

        assertThat(engine.evaluateBind(AGENT, plan, List.of("password", "hunter2", "note", "hello")).values())
                .containsExactly("password", SECRET, "note", "hello");
        assertThat(engine.evaluateBind(AGENT, plan, List.of("note", "hello", "api_key", "k-123")).values())
                .containsExactly("note", "hello", "api_key", SECRET);
        // A NULL name is an error on the server; the value is masked anyway.
        assertThat(engine.evaluateBind(AGENT, plan, Arrays.asList(null, "hello", "note", "hi")).values())
                .containsExactly(null, SECRET, "note", "hi");
    }

    @Test
    void constantUnderANameBoundLaterIsMaskedInTheParseText() {
        // The Parse text is rewritten before any Bind shows the name: fail closed.
        PreparedPlan plan = engine.prepare(AGENT, INSERT.formatted("jsonb_build_object($1, 'hunter2')"),
                SqlSettings.DEFAULT);

        assertThat(plan.forwardSql()).isEqualTo(INSERT.formatted("jsonb_build_object($1, '" + SECRET + "')"));
    }

    @Test
    void bindValueSetAtASensitivePath() {
        PreparedPlan plan = engine.prepare(AGENT, "UPDATE agent_traces SET payload = jsonb_set(payload, '{password}',"
                + " to_jsonb($1::text)), reasoning = $2 WHERE id = $3", SqlSettings.DEFAULT);

        assertThat(engine.evaluateBind(AGENT, plan, List.of("hunter2", "fine", "7")).values())
                .containsExactly(SECRET, "fine", "7");
    }

    @Test
    void jsonParameterUnderASensitiveName() {
        PreparedPlan plan = engine.prepare(AGENT, INSERT.formatted("jsonb_build_object('credentials', $1::jsonb)"),
                SqlSettings.DEFAULT);

        assertThat(engine.evaluateBind(AGENT, plan, List.of("{\"user\": \"bob\", \"n\": 5}")).values())
                .containsExactly("{\"user\": \"" + SECRET + "\", \"n\": \"" + SECRET + "\"}");
        assertThat(engine.evaluateBind(AGENT, plan, List.of("{\"user\": ")).decision())
                .isInstanceOfSatisfying(Decision.Block.class, block -> assertThat(block.sqlState()).isEqualTo("22P02"));
    }
}
