package io.tracegate.policy.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracegate.policy.Identity;
import io.tracegate.policy.SqlSettings;
import io.tracegate.policy.config.ConfigLoader;
import io.tracegate.policy.sql.ColumnOrder;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Protected tables and columns named with quotes in the policy keep their case, as PostgreSQL does. */
class QuotedTableNamesTest {

    private static final Identity AGENT = new Identity("agent-7", Set.of("agent"));

    private static DefaultPolicyEngine engine() throws Exception {
        String policy = """
                upstream: { host: 127.0.0.1, port: 5432, database: traces, user: gateway, password: x }
                identities:
                  - name: agent-7
                    roles: [agent]
                    api_token_sha256: "90fe8c0fbd0843a5c26df98d2af85923c8c03fc8f3b64c1678246ba014715862"
                tables:
                  - name: '"Audit"."Mixed"'
                    columns: { '"Notes"': text }
                detectors: { builtin: all }
                masking: { default: redact }
                rules:
                  - name: default
                    when: {}
                    action: allow
                """;
        return DefaultPolicyEngine.from(ConfigLoader.parse(policy, "quoted.yaml", name -> Optional.empty()),
                ColumnOrder.UNKNOWN);
    }

    @Test
    void aQuotedMixedCaseTableAndColumnAreProtected() throws Exception {
        QueryVerdict verdict = engine().evaluateQuery(AGENT,
                "INSERT INTO \"Audit\".\"Mixed\" (\"Notes\") VALUES ('mail jane.doe@example.com')", SqlSettings.DEFAULT);
        assertThat(verdict.forwardSql()).isEqualTo("INSERT INTO \"Audit\".\"Mixed\" (\"Notes\") VALUES ('mail <EMAIL>')");
    }

    @Test
    void theFoldedNameIsAnotherTable() throws Exception {
        String sql = "INSERT INTO audit.mixed (notes) VALUES ('mail jane.doe@example.com')";
        assertThat(engine().evaluateQuery(AGENT, sql, SqlSettings.DEFAULT).forwardSql()).isEqualTo(sql);
    }
}
