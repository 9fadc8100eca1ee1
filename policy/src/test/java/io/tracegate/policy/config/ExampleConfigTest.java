package io.tracegate.policy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracegate.policy.ColumnKind;
import io.tracegate.policy.MaskStrategy;
import io.tracegate.policy.StatementKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The reference file {@code shared/examples/tracegate.yaml} loads with the meaning its comments give. */
class ExampleConfigTest {
    private static final String SCRAM = "SCRAM-SHA-256$4096:dHJhY2VnYXRlLWRlbW8tc2FsdA==$"
            + "PPguGLZ9S9+ZydOUVkq6FbhlZZxFfoZIwgvc4+X/Y0o=:RvDz/9ypdO0zWKEqZDBwU0Sbs5KvTR0C63w/6S2qe7A=";

    private static TracegateConfig load(String... env) throws Exception {
        Path file = TestFiles.sharedExample();
        return ConfigLoader.parse(Files.readString(file), file.toString(), TestFiles.env(env));
    }

    @Test
    void loadsWithOnlyTheOneRequiredVariable() throws Exception {
        TracegateConfig config = load("UPSTREAM_PASSWORD", "s3cret");

        assertThat(config.listen()).isEqualTo(new ListenConfig("127.0.0.1", 6432,
                new TlsServerConfig(TlsServerMode.OPTIONAL, Optional.empty(), Optional.empty()),
                256 * 1024 * 1024, 1));
        assertThat(config.upstream()).isEqualTo(new UpstreamConfig("127.0.0.1", 5432, Optional.of("traces"), "gateway",
                Optional.of("s3cret"), UpstreamTlsMode.PREFER,
                new PoolConfig(PoolMode.SESSION, 20, 2, Duration.ofSeconds(5))));

        assertThat(config.identities()).containsExactly(
                new IdentityConfig("agent-7", Set.of("agent"), Optional.of(SCRAM), Optional.empty()),
                new IdentityConfig("alice", Set.of("reviewer"), Optional.empty(),
                        Optional.of("90fe8c0fbd0843a5c26df98d2af85923c8c03fc8f3b64c1678246ba014715862")));
        assertThat(config.identity("alice").orElseThrow().toIdentity().roles()).containsExactly("reviewer");

        assertThat(config.tables()).hasSize(1);
        TableConfig traces = config.table("public.agent_traces").orElseThrow();
        assertThat(traces.columns()).containsExactly(Map.entry("reasoning", ColumnKind.TEXT), Map.entry("payload", ColumnKind.JSON));

        assertThat(config.detectors().builtin()).containsExactlyElementsOf(DetectorsConfig.BUILTIN_NAMES).hasSize(15);
        assertThat(config.detectors().custom()).containsExactly(new CustomDetectorConfig("employee_id", "EMP-[0-9]{6}"));

        assertThat(config.masking().defaultStrategy()).isEqualTo(MaskStrategy.REDACT);
        assertThat(config.masking().byType()).containsExactly(
                Map.entry("credit_card", MaskStrategy.PARTIAL), Map.entry("email", MaskStrategy.HASH));
        assertThat(config.masking().hashKey()).isEqualTo("demo-only-key");
        assertThat(config.masking().strategyFor("iban")).isEqualTo(MaskStrategy.REDACT);

        assertThat(config.rules()).containsExactly(
                new RuleConfig("no-ddl-or-server-access", new RuleCondition(Set.of("agent"),
                        Set.of(StatementKind.DDL, StatementKind.DELETE, StatementKind.TRUNCATE, StatementKind.COPY_SERVER_SIDE,
                                StatementKind.DANGEROUS_FUNCTION, StatementKind.FASTPATH), Set.of(), Set.of()),
                        RuleAction.BLOCK, Set.of(), Optional.empty()),
                new RuleConfig("possible-exfiltration", new RuleCondition(Set.of("agent"),
                        Set.of(StatementKind.INSERT, StatementKind.UPDATE), Set.of(), Set.of("url", "shell_command")),
                        RuleAction.HOLD, Set.of("reviewer"), Optional.of(Duration.ofMinutes(10))),
                new RuleConfig("agents-write-traces", new RuleCondition(Set.of("agent"),
                        Set.of(StatementKind.INSERT, StatementKind.UPDATE), Set.of("public.agent_traces"), Set.of()),
                        RuleAction.MASK, Set.of(), Optional.empty()),
                new RuleConfig("default", RuleCondition.ANY, RuleAction.ALLOW, Set.of(), Optional.empty()));

        assertThat(config.audit()).isEqualTo(new AuditConfig(AuditSinkKind.FILE, Path.of("./data/audit.jsonl"),
                JdbcConfig.NONE, AuditFailureMode.BLOCK, 64L * 1024 * 1024));
        assertThat(config.approvals()).isEqualTo(ApprovalsConfig.NONE);
        assertThat(config.state()).isEqualTo(StateConfig.EMBEDDED);
        assertThat(config.recording()).isEqualTo(new RecordingConfig(true, Path.of("./data/sessions"), false, 64L * 1024 * 1024));
        assertThat(config.admin()).isEqualTo(new AdminConfig("127.0.0.1", 9187));
    }

    @Test
    void environmentOverridesEveryPlaceholderDefault() throws Exception {
        TracegateConfig config = load(
                "UPSTREAM_PASSWORD", "pw",
                "TRACEGATE_TLS_CERT", "/etc/tg/cert.pem",
                "TRACEGATE_TLS_KEY", "/etc/tg/key.pem",
                "PGHOST", "db.internal",
                "PGPORT", "6543",
                "UPSTREAM_USER", "tracegate_gw",
                "TRACEGATE_HASH_KEY", "k3y",
                "TRACEGATE_AUDIT_URL", "jdbc:postgresql://audit/tg",
                "TRACEGATE_AUDIT_USER", "auditor",
                "TRACEGATE_AUDIT_PASSWORD", "apw",
                "TRACEGATE_WEBHOOK_URL", "https://hooks.example.com/T0/B0",
                "TRACEGATE_STATE_URL", "jdbc:postgresql://state/tg");

        assertThat(config.listen().tls().cert()).contains(Path.of("/etc/tg/cert.pem"));
        assertThat(config.listen().tls().key()).contains(Path.of("/etc/tg/key.pem"));
        assertThat(config.upstream().host()).isEqualTo("db.internal");
        assertThat(config.upstream().port()).isEqualTo(6543);
        assertThat(config.upstream().user()).isEqualTo("tracegate_gw");
        assertThat(config.masking().hashKey()).isEqualTo("k3y");
        assertThat(config.audit().postgres()).isEqualTo(new JdbcConfig(Optional.of("jdbc:postgresql://audit/tg"),
                Optional.of("auditor"), Optional.of("apw")));
        assertThat(config.approvals().webhookUrl()).contains("https://hooks.example.com/T0/B0");
        assertThat(config.state().postgres().url()).contains("jdbc:postgresql://state/tg");
        assertThat(config.state().postgres().user()).isEmpty();
    }

    @Test
    void anUnsetPasswordVariableIsAnErrorAtItsLine() {
        assertThatThrownBy(ExampleConfigTest::load)
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.errors()).singleElement().satisfies(error -> {
                    assertThat(error.key()).isEqualTo("upstream.password");
                    assertThat(error.line()).isEqualTo(lineOf("password: ${env:UPSTREAM_PASSWORD}"));
                    assertThat(error.message()).contains("UPSTREAM_PASSWORD is not set");
                }));
    }

    @Test
    void aMistypedPortVariableNamesTheKeyAndLine() {
        assertThatThrownBy(() -> load("UPSTREAM_PASSWORD", "pw", "PGPORT", "5432x"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.errors()).singleElement().satisfies(error -> {
                    assertThat(error.key()).isEqualTo("upstream.port");
                    assertThat(error.line()).isEqualTo(lineOf("port: ${env:PGPORT:-5432}"));
                    assertThat(error.message()).contains("'5432x' is not a whole number");
                }));
    }

    @Test
    void passesTheCheckerWithItsVariableSet() {
        assertThat(PolicyChecker.check(TestFiles.sharedExample(), TestFiles.env("UPSTREAM_PASSWORD", "x"))).isEmpty();
    }

    private static int lineOf(String text) {
        try {
            List<String> lines = Files.readAllLines(TestFiles.sharedExample());
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).contains(text)) {
                    return i + 1;
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        throw new AssertionError(text + " not in the example file");
    }
}
