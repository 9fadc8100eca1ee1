package io.tracegate.policy.engine;

import io.tracegate.policy.Identity;
import io.tracegate.policy.config.ConfigException;
import io.tracegate.policy.config.ConfigLoader;
import io.tracegate.policy.sql.ColumnOrder;
import java.util.Optional;
import java.util.Set;

/**
 * A policy engine over {@code public.agent_traces} (reasoning text, payload json) that masks
 * every write of an agent: credit cards partially, everything else redacted, so expected values
 * can be written out by hand.
 */
final class Engines {
    static final Identity AGENT = new Identity("agent-7", Set.of("agent"));

    private static final String POLICY = """
            upstream: { host: 127.0.0.1, port: 5432, database: traces, user: gateway, password: x }
            identities:
              - name: agent-7
                roles: [agent]
                api_token_sha256: "90fe8c0fbd0843a5c26df98d2af85923c8c03fc8f3b64c1678246ba014715862"
            tables:
              - name: public.agent_traces
                columns: { reasoning: text, payload: json }
            detectors: { builtin: all }
            masking: { default: redact, by_type: { credit_card: partial } }
            rules:
              - name: agents-write-traces
                when: { roles: [agent], statements: [insert, update], tables: [public.agent_traces] }
                action: mask
              - name: default
                when: {}
                action: allow
            """;

    private Engines() {
    }

    static DefaultPolicyEngine maskingAgentTraces() {
        try {
            return DefaultPolicyEngine.from(ConfigLoader.parse(POLICY, "engine-test.yaml", name -> Optional.empty()),
                    ColumnOrder.UNKNOWN);
        } catch (ConfigException e) {
            throw new IllegalStateException(e);
        }
    }
}
