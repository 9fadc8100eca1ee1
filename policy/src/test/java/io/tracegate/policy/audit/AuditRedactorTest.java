package io.tracegate.policy.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracegate.policy.Identity;
import io.tracegate.policy.SqlSettings;
import io.tracegate.policy.StatementKind;
import io.tracegate.policy.config.ConfigLoader;
import io.tracegate.policy.config.TracegateConfig;
import io.tracegate.policy.engine.DefaultPolicyEngine;
import io.tracegate.policy.engine.ProtectedParts;
import io.tracegate.policy.engine.QueryVerdict;
import io.tracegate.policy.engine.StatementSummary;
import io.tracegate.policy.sql.ColumnOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class AuditRedactorTest {

    private static final String POLICY = """
            upstream:
              user: gw
            identities:
              - name: agent-7
                roles: [agent]
                api_token_sha256: "90fe8c0fbd0843a5c26df98d2af85923c8c03fc8f3b64c1678246ba014715862"
            tables:
              - name: public.agent_traces
                columns:
                  reasoning: text
                  payload: json
              - name: '"Audit"."Mixed"'
                columns:
                  note: text
            detectors:
              builtin: all
              custom:
                - name: employee_id
                  pattern: 'EMP-[0-9]{6}'
            masking:
              default: redact
              by_type:
                credit_card: partial
                email: hash
              hash_key: unit-hash-key
            """;
    private static final Identity AGENT = new Identity("agent-7", Set.of("agent"));
    private static final Set<String> TRACES = Set.of("public.agent_traces");
    /** An upsert with constants bound for protected columns and others (a value, a filter) that are not. */
    private static final String UPSERT = "INSERT INTO agent_traces (agent, reasoning, payload) VALUES ("
            + "'agent jane@example.com', 'card 4111 1111 1111 1111', '{\"mail\": \"jane@example.com\"}'::jsonb)"
            + " ON CONFLICT (id) DO UPDATE SET agent = 'ssn 123-45-6789' WHERE agent_traces.agent <> 'EMP-123456'";

    private final TracegateConfig config = load();
    private final AuditRedactor redactor = AuditRedactor.from(config);

    private static TracegateConfig load() {
        try {
            return ConfigLoader.parse(POLICY, "unit.yaml", name -> Optional.empty());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The policy engine's summary of {@code sql}, a single statement, as the gateway would forward it. */
    private StatementSummary engineSummary(String sql) {
        DefaultPolicyEngine engine = DefaultPolicyEngine.from(config, ColumnOrder.UNKNOWN);
        return engine.evaluateQuery(AGENT, sql, SqlSettings.DEFAULT).statements().get(0);
    }

    private static AuditEvent statement(Set<String> tables, String text, List<String> parameters) {
        return AuditEvent.builder(AuditEvent.STATEMENT).sessionId("s-1").identity(AGENT)
                .statement(new StatementSummary(StatementKind.UPDATE, tables, text, Map.of())).parameters(parameters)
                .decision("allow").build();
    }

    @Test
    void constantsOutsideProtectedColumnsAreMaskedInAStatementOnAProtectedTable() {
        AuditEvent event = statement(TRACES, "UPDATE public.agent_traces SET agent = 'x'"
                + " WHERE reasoning = 'card 4111 1111 1111 1111, ssn 123-45-6789, EMP-123456'", List.of());

        AuditEvent redacted = redactor.redact(event);

        assertThat(redacted.statementText()).isEqualTo("UPDATE public.agent_traces SET agent = 'x'"
                + " WHERE reasoning = 'card **** **** **** 1111, ssn <US_SSN>, <EMPLOYEE_ID>'");
        assertThat(redacted.toBuilder().statementText(event.statementText()).build()).isEqualTo(event);
    }

    @Test
    void hashTokensAreTheOnesTheEngineStoresSoTheAuditJoinsWithTheTable() {
        DefaultPolicyEngine engine = DefaultPolicyEngine.from(config, ColumnOrder.UNKNOWN);
        QueryVerdict insert = engine.evaluateQuery(AGENT, "INSERT INTO agent_traces (agent, reasoning)"
                + " VALUES ('a', 'mail Jane.Doe@Example.com')", SqlSettings.DEFAULT);
        String stored = token(insert.forwardSql());

        String audited = redactor.redact(statement(TRACES, "SELECT * FROM public.agent_traces"
                + " WHERE payload->>'email' = 'jane.doe@example.com'", List.of())).statementText();

        assertThat(stored).startsWith("<EMAIL:");
        assertThat(audited).isEqualTo("SELECT * FROM public.agent_traces WHERE payload->>'email' = '" + stored + "'");
    }

    private static String token(String text) {
        Matcher matcher = Pattern.compile("<EMAIL:[0-9a-f]{8}>").matcher(text);
        assertThat(matcher.find()).as(text).isTrue();
        return matcher.group();
    }

    @Test
    void constantsBoundForProtectedColumnsAreLeftToTheEngineAndTheOthersMasked() {
        String forwarded = engineSummary(UPSERT).forwardedText();

        String audited = redactor.redactStatements(forwarded);

        assertThat(forwarded).contains("'agent jane@example.com'", "'ssn 123-45-6789'", "'EMP-123456'");
        assertThat(audited).isEqualTo(forwarded.replace("agent jane@example.com", "agent " + token(forwarded))
                .replace("ssn 123-45-6789", "ssn <US_SSN>").replace("'EMP-123456'", "'<EMPLOYEE_ID>'"));
        assertThat(redactor.redactStatements(audited)).isSameAs(audited);
    }

    @Test
    void aConstantBoundForAProtectedColumnIsNotScannedAgain() {
        // Only the engine's own output ever stands there; a raw value here shows the second scan was skipped.
        String text = "INSERT INTO agent_traces (agent, reasoning) VALUES ('jane@example.com', 'jane@example.com')";

        assertThat(redactor.redactStatements(text)).matches("INSERT INTO agent_traces \\(agent, reasoning\\) VALUES"
                + " \\('<EMAIL:[0-9a-f]{8}>', 'jane@example.com'\\)");
    }

    @Test
    void aParameterBoundForAProtectedColumnIsNotScannedAgain() {
        AuditEvent insert = statement(TRACES, "INSERT INTO agent_traces (agent, reasoning) VALUES ($1, $2)",
                List.of("jane@example.com", "jane@example.com"));

        assertThat(redactor.redact(insert).parameters().get(0)).matches("<EMAIL:[0-9a-f]{8}>");
        assertThat(redactor.redact(insert).parameters().get(1)).isEqualTo("jane@example.com");
    }

    @Test
    void partsTheEngineNamesAreNotScannedAgainAndTheRestIs() {
        // A backslash would have the text scanned whole, were the engine's word not taken.
        String text = "INSERT INTO agent_traces (agent, reasoning) VALUES ('C:\\ jane@example.com', 'jane@example.com')";
        int reasoning = text.lastIndexOf("'jane");
        ProtectedParts parts = ProtectedParts.of(new int[] {reasoning, text.length() - 1}, Set.of(3));
        AuditEvent event = statement(TRACES, text, Arrays.asList("jane@example.com", null, "jane@example.com"));

        AuditEvent redacted = redactor.redact(event, parts);

        assertThat(redacted.statementText()).matches("INSERT INTO agent_traces \\(agent, reasoning\\) VALUES"
                + " \\('C:\\\\ <EMAIL:[0-9a-f]{8}>', 'jane@example.com'\\)");
        assertThat(redacted.parameters()).satisfiesExactly(
                first -> assertThat(first).matches("<EMAIL:[0-9a-f]{8}>"),
                second -> assertThat(second).isNull(),
                third -> assertThat(third).isEqualTo("jane@example.com"));
    }

    @Test
    void partsThatDoNotFitTheTextAreNotTrusted() {
        String text = "UPDATE agent_traces SET agent = 'jane@example.com'";
        ProtectedParts elsewhere = ProtectedParts.of(new int[] {0, text.length() + 1}, Set.of());

        assertThat(redactor.redact(statement(TRACES, text, List.of()), elsewhere).statementText())
                .doesNotContain("jane@");
    }

    @Test
    void theEnginesPartsMaskTheAuditCopyAsTheRedactorsOwnAnalysisDoes() {
        StatementSummary summary = engineSummary(UPSERT);
        AuditEvent event = AuditEvent.builder(AuditEvent.STATEMENT).sessionId("s-1").identity(AGENT)
                .statement(summary).decision("mask").build();

        assertThat(summary.protectedParts().constants()).isEqualTo(2);
        assertThat(redactor.redact(event, summary.protectedParts()).statementText())
                .isEqualTo(redactor.redact(event).statementText())
                .doesNotContain("jane@", "123-45-6789", "EMP-123456", "4111 1111");
    }

    @Test
    void textThatCannotBeReadAsTheEngineReadItIsScannedWhole() {
        // A backslash reads differently with standard_conforming_strings off.
        assertThat(redactor.redactStatements("INSERT INTO agent_traces (agent, reasoning) VALUES ('a\\', 'jane@example.com')"))
                .doesNotContain("jane@example.com");
        // A statement the classifier cannot read completely.
        assertThat(redactor.redactStatements("INSERT INTO agent_traces (reasoning) VALUES ('jane@example.com'"))
                .doesNotContain("jane@example.com");
        // Without the catalog's column order an INSERT without a column list cannot be analysed.
        assertThat(redactor.redactStatements("INSERT INTO agent_traces VALUES (1, 'a', now(), 'jane@example.com')"))
                .doesNotContain("jane@example.com");
        assertThat(redactor.redactIfProtected("SELECT 'jane@example.com'")).isEqualTo("SELECT 'jane@example.com'");
        assertThat(redactor.redactIfProtected("SELECT 'jane@example.com' FROM agent_traces")).doesNotContain("jane@");
    }

    @Test
    void everyParameterIsScannedAndNullsAndCleanValuesStay() {
        List<String> parameters = Arrays.asList(null, "jane.doe@example.com", "plain", "**** 1111", "<US_SSN>");
        AuditEvent redacted = redactor.redact(statement(TRACES, "DELETE FROM agent_traces WHERE agent = $1", parameters));

        assertThat(redacted.parameters()).hasSize(5);
        assertThat(redacted.parameters().get(0)).isNull();
        assertThat(redacted.parameters().get(1)).matches("<EMAIL:[0-9a-f]{8}>");
        assertThat(redacted.parameters().subList(2, 5)).containsExactly("plain", "**** 1111", "<US_SSN>");
    }

    @Test
    void aStatementOnOtherTablesIsKeptAsItIs() {
        AuditEvent event = statement(Set.of("public.orders"), "SELECT * FROM orders WHERE email = 'jane@example.com'",
                List.of("4111111111111111"));

        assertThat(redactor.concerns(event)).isFalse();
        assertThat(redactor.redact(event)).isSameAs(event);
        assertThat(redactor.concerns(statement(TRACES, "SELECT 1", List.of()))).isTrue();
    }

    @Test
    void anEventWithNothingToMaskIsReturnedAsItIs() {
        AuditEvent event = statement(TRACES, "SELECT reasoning FROM agent_traces WHERE id = 42", Arrays.asList("7", null));

        assertThat(redactor.redact(event)).isSameAs(event);
    }

    @Test
    void otherEventTypesAreNotTouched() {
        AuditEvent open = AuditEvent.builder(AuditEvent.CONNECTION_OPEN).identity("jane@example.com").build();

        assertThat(redactor.concerns(open)).isFalse();
        assertThat(redactor.redact(open)).isSameAs(open);
    }

    @Test
    void approvalEventsAreJudgedByTheTablesTheirTextNames() {
        AuditEvent onTraces = AuditEvent.builder(AuditEvent.APPROVAL_REQUESTED).approvalId("a-1")
                .statementText("UPDATE agent_traces SET agent = 'x' WHERE reasoning LIKE '%jane@example.com%';\n"
                        + "SELECT 1;\n")
                .parameters(List.of("call 4111-1111-1111-1111")).build();
        AuditEvent elsewhere = AuditEvent.builder(AuditEvent.APPROVAL_DECIDED).approvalId("a-2")
                .statementText("INSERT INTO notes VALUES ('jane@example.com http://x.example')").build();

        assertThat(redactor.concerns(onTraces)).isTrue();
        AuditEvent redacted = redactor.redact(onTraces);
        assertThat(redacted.statementText()).doesNotContain("jane@example.com").contains("<EMAIL:");
        assertThat(redacted.parameters()).containsExactly("call ****-****-****-1111");
        assertThat(redactor.redact(elsewhere)).isSameAs(elsewhere);
    }

    @Test
    void sqlTextNamesAProtectedTableOnlyWhenItsStatementsDo() {
        assertThat(redactor.namesProtectedTable("SELECT * FROM AGENT_TRACES WHERE id = 1")).isTrue();
        assertThat(redactor.namesProtectedTable("select 1; delete from public.agent_traces where agent = 'a'")).isTrue();
        assertThat(redactor.namesProtectedTable("SELECT * FROM \"Audit\".\"Mixed\"")).isTrue();
        assertThat(redactor.namesProtectedTable("WITH t AS (SELECT * FROM agent_traces) SELECT * FROM t")).isTrue();
        assertThat(redactor.namesProtectedTable("SELECT * FROM U&\"agent\\005ftraces\"")).isTrue();
        // The name alone is not enough: here it is a constant and a column alias.
        assertThat(redactor.namesProtectedTable("SELECT 'agent_traces' AS agent_traces FROM pg_class")).isFalse();
        assertThat(redactor.namesProtectedTable("SELECT * FROM audit.mixed")).isFalse();
        assertThat(redactor.namesProtectedTable("SELECT * FROM pgbench_accounts WHERE aid = 1")).isFalse();
        assertThat(redactor.namesProtectedTable((String) null)).isFalse();
    }

    @Test
    void unreadableSqlThatMentionsAProtectedTableCountsAsNamingIt() {
        assertThat(redactor.namesProtectedTable("SELECT * FROM agent_traces WHERE x = 'unterminated")).isTrue();
    }

    @Test
    void canonicalTableNamesAreCompared() {
        assertThat(redactor.namesProtectedTable(Set.of("public.orders", "public.agent_traces"))).isTrue();
        assertThat(redactor.namesProtectedTable(Set.of("Audit.Mixed"))).isTrue();
        assertThat(redactor.namesProtectedTable(Set.of("audit.mixed", "other.agent_traces"))).isFalse();
    }

    @Test
    void noneRedactsNothing() {
        AuditEvent event = statement(TRACES, "SELECT 'jane@example.com' FROM agent_traces", List.of());

        assertThat(AuditRedactor.NONE.concerns(event)).isFalse();
        assertThat(AuditRedactor.NONE.redact(event)).isSameAs(event);
        assertThat(AuditRedactor.NONE.namesProtectedTable("SELECT * FROM U&\"x\"")).isFalse();
        assertThat(AuditRedactor.NONE.toString()).isEqualTo("AuditRedactor[tables=[]]");
    }
}
