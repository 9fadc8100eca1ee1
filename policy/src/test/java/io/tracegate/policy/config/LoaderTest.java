package io.tracegate.policy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import io.tracegate.policy.ColumnKind;
import io.tracegate.policy.MaskStrategy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Structure, defaults and placeholders; value and rule errors are covered by {@link ErrorFixturesTest}. */
class LoaderTest {
    private static final String TOKEN = "90fe8c0fbd0843a5c26df98d2af85923c8c03fc8f3b64c1678246ba014715862";
    /** The smallest valid file: lines 1-5. */
    private static final String MINIMAL = "upstream:\n"
            + "  user: gw\n"
            + "identities:\n"
            + "  - name: agent\n"
            + "    api_token_sha256: \"" + TOKEN + "\"\n";

    private static TracegateConfig load(String yaml, String... env) throws ConfigException {
        return ConfigLoader.parse(yaml, "t.yaml", TestFiles.env(env));
    }

    private static List<ConfigError> errors(String yaml, String... env) {
        return PolicyChecker.check(yaml, "t.yaml", TestFiles.env(env));
    }

    private static ConfigError single(String yaml, String... env) {
        List<ConfigError> errors = errors(yaml, env);
        assertThat(errors).hasSize(1);
        return errors.get(0);
    }

    @Test
    void omittedSectionsTakeDocumentedDefaults() throws Exception {
        TracegateConfig config = load(MINIMAL);

        assertThat(config.listen()).isEqualTo(new ListenConfig("127.0.0.1", 6432, TlsServerConfig.OFF, 256 << 20, 1));
        assertThat(config.upstream()).isEqualTo(new UpstreamConfig("127.0.0.1", 5432, Optional.empty(), "gw",
                Optional.empty(), UpstreamTlsMode.PREFER, PoolConfig.DEFAULT));
        assertThat(config.tables()).isEmpty();
        assertThat(config.detectors()).isEqualTo(DetectorsConfig.ALL_BUILTIN);
        assertThat(config.masking()).isEqualTo(new MaskingConfig(MaskStrategy.REDACT, Map.of(), ""));
        assertThat(config.rules()).isEmpty();
        assertThat(config.audit()).isEqualTo(new AuditConfig(AuditSinkKind.FILE, Path.of("./data/audit.jsonl"),
                JdbcConfig.NONE, AuditFailureMode.BLOCK, AuditConfig.DEFAULT_ROTATE_BYTES));
        assertThat(config.approvals()).isEqualTo(ApprovalsConfig.NONE);
        assertThat(config.state()).isEqualTo(StateConfig.EMBEDDED);
        assertThat(config.recording()).isEqualTo(new RecordingConfig(false, Path.of("./data/sessions"), false, 64L << 20));
        assertThat(config.admin()).isEqualTo(new AdminConfig("127.0.0.1", 9187));
    }

    @Test
    void readsEveryOptionalKey() throws Exception {
        TracegateConfig config = load(MINIMAL
                + "listen: { port: 0, max_message_size: 1GiB, worker_threads: 2,"
                + " tls: { mode: require, cert: c.pem, key: k.pem } }\n"
                + "audit: { sink: postgres, postgres: { url: 'jdbc:postgresql://a/b' }, on_failure: allow, rotate_size: 512KB,"
                + " sync_interval: 250ms }\n"
                + "state: { store: postgres, postgres: { url: 'jdbc:postgresql://s/b', user: u, password: p } }\n"
                + "recording: { enabled: true, dir: /var/rec, include_rows: true, max_session_size: 8MB }\n"
                + "admin: { host: 0.0.0.0, port: 0 }\n");

        assertThat(config.listen()).isEqualTo(new ListenConfig("127.0.0.1", 0, new TlsServerConfig(TlsServerMode.REQUIRE,
                Optional.of(Path.of("c.pem")), Optional.of(Path.of("k.pem"))), 1 << 30, 2));
        assertThat(config.audit().sink()).isEqualTo(AuditSinkKind.POSTGRES);
        assertThat(config.audit().onFailure()).isEqualTo(AuditFailureMode.ALLOW);
        assertThat(config.audit().rotateBytes()).isEqualTo(512 * 1024);
        assertThat(config.audit().syncInterval()).isEqualTo(Duration.ofMillis(250));
        assertThat(config.state()).isEqualTo(new StateConfig(StateStoreKind.POSTGRES, new JdbcConfig(
                Optional.of("jdbc:postgresql://s/b"), Optional.of("u"), Optional.of("p"))));
        assertThat(config.recording()).isEqualTo(new RecordingConfig(true, Path.of("/var/rec"), true, 8L << 20));
        assertThat(config.admin()).isEqualTo(new AdminConfig("0.0.0.0", 0));
    }

    @Test
    void placeholderDefaultsApplyWhenUnsetOrEmpty() throws Exception {
        String yaml = MINIMAL + "listen:\n  port: ${env:PORT:-7000}\n  host: ${env:HOST:-0.0.0.0}\n";
        assertThat(load(yaml).listen().port()).isEqualTo(7000);
        assertThat(load(yaml, "PORT", "").listen().port()).isEqualTo(7000);
        assertThat(load(yaml, "PORT", "7001", "HOST", "::1").listen()).extracting(ListenConfig::port, ListenConfig::host)
                .containsExactly(7001, "::1");
    }

    @Test
    void anEmptyDefaultMeansNotSet() throws Exception {
        TracegateConfig config = load(MINIMAL + "approvals:\n  webhook_url: ${env:HOOK:-}\n");
        assertThat(config.approvals().webhookUrl()).isEmpty();
    }

    @Test
    void placeholdersResolveInsideListsAndAlongsideText() throws Exception {
        TracegateConfig config = load(MINIMAL.replace("  - name: agent\n", "  - name: agent\n    roles: [\"${env:ROLE}\"]\n")
                + "recording:\n  dir: ${env:BASE:-/srv}/sessions\n", "ROLE", "agent");
        assertThat(config.identities().get(0).roles()).containsExactly("agent");
        assertThat(config.recording().dir()).isEqualTo(Path.of("/srv/sessions"));
    }

    @Test
    void aMissingVariableNamesKeyAndLine() {
        ConfigError error = single(MINIMAL + "masking:\n  default: hash\n  hash_key: ${env:HASH_KEY}\n");
        assertThat(error.key()).isEqualTo("masking.hash_key");
        assertThat(error.line()).isEqualTo(8);
        assertThat(error.message()).isEqualTo("environment variable HASH_KEY is not set"
                + " (write ${env:HASH_KEY:-default} to give a default)");
    }

    @Test
    void auditCanBeTurnedOffAndSyncedAfterEveryBatch() throws Exception {
        TracegateConfig config = load(MINIMAL + "audit: { sink: none, sync_interval: 0 }\n");
        assertThat(config.audit().enabled()).isFalse();
        assertThat(config.audit().syncInterval()).isZero();
        assertThat(load(MINIMAL).audit().syncInterval()).isEqualTo(AuditConfig.DEFAULT_SYNC_INTERVAL);

        ConfigError error = single(MINIMAL + "audit:\n  sync_interval: soon\n");
        assertThat(error.key()).isEqualTo("audit.sync_interval");
        assertThat(error.message()).contains("'soon' is not a duration");
    }

    @Test
    void aFailedPlaceholderCausesNoDerivedErrors() {
        ConfigError tls = single(MINIMAL + "listen:\n  tls:\n    cert: ${env:CERT}\n    key: k.pem\n");
        assertThat(tls.key()).isEqualTo("listen.tls.cert");
        assertThat(tls.message()).contains("CERT is not set");
        ConfigError audit = single(MINIMAL + "audit:\n  sink: postgres\n  postgres: { url: '${env:AUDIT_URL}' }\n");
        assertThat(audit.key()).isEqualTo("audit.postgres.url");
        assertThat(audit.line()).isEqualTo(8);
        assertThat(audit.message()).contains("AUDIT_URL is not set");
    }

    @Test
    void yaml11WordsKeepTheirText() throws Exception {
        TracegateConfig config = load(MINIMAL + "listen:\n  tls:\n    mode: off\n"
                + "tables:\n  - name: t\n    columns: { 'on': text, 'no': json }\n");
        assertThat(config.listen().tls().mode()).isEqualTo(TlsServerMode.OFF);
        assertThat(config.tables().get(0).columns()).containsExactly(Map.entry("on", ColumnKind.TEXT), Map.entry("no", ColumnKind.JSON));
    }

    @Test
    void tableAndColumnNamesAreNormalised() throws Exception {
        TracegateConfig config = load(MINIMAL + "tables:\n"
                + "  - name: Traces\n    columns: { Reasoning: text }\n"
                + "  - name: '\"Audit\".\"Raw\"'\n    columns: { '\"Body\"': json }\n");
        assertThat(config.tables()).containsExactly(
                new TableConfig("public.traces", Map.of("reasoning", ColumnKind.TEXT)),
                new TableConfig("Audit.Raw", Map.of("Body", ColumnKind.JSON)));
    }

    @Test
    void builtinDetectorsCanBeListedOrTurnedOff() throws Exception {
        assertThat(load(MINIMAL + "detectors: { builtin: [email, iban] }\n").detectors().builtin()).containsExactly("email", "iban");
        assertThat(load(MINIMAL + "detectors: { builtin: [] }\n").detectors().builtin()).isEmpty();
        assertThat(load(MINIMAL + "detectors: { builtin: all }\n").detectors().builtin()).isEqualTo(DetectorsConfig.BUILTIN_NAMES);
        DetectorsConfig custom = load(MINIMAL + "detectors: { builtin: [email], custom: [{ name: badge, pattern: 'B-[0-9]+' }] }\n")
                .detectors();
        assertThat(custom.enabledTypes()).containsExactly("email", "badge");
    }

    @Test
    void builtinWithoutValueIsAnError() {
        ConfigError error = single(MINIMAL + "detectors:\n  builtin:\n");
        assertThat(error.key()).isEqualTo("detectors.builtin");
        assertThat(error.line()).isEqualTo(7);
    }

    @Test
    void reportsTheLineOfAYamlSyntaxError() {
        ConfigError error = single("upstream:\n  user: gw\n  host: [unclosed\nadmin:\n  port: 1\n");
        assertThat(error.key()).isEmpty();
        assertThat(error.message()).startsWith("not valid YAML: ");
        assertThat(error.line()).isBetween(3, 4);
    }

    @Test
    void reportsABadIndentAtItsLine() {
        ConfigError error = single("upstream:\n  user: gw\n   host: x\n");
        assertThat(error.line()).isEqualTo(3);
        assertThat(error.message()).startsWith("not valid YAML: ");
    }

    @Test
    void duplicateKeysAreErrors() {
        ConfigError error = single(MINIMAL + "admin:\n  port: 1\n  port: 2\n");
        assertThat(error.key()).isEqualTo("admin.port");
        assertThat(error.line()).isEqualTo(8);
        assertThat(error.message()).isEqualTo("duplicate key; it is already set at line 7");
    }

    @Test
    void aliasesAreRefused() {
        ConfigError error = single(MINIMAL + "listen:\n  host: &h 10.0.0.1\nadmin:\n  host: *h\n");
        assertThat(error.key()).isEqualTo("admin.host");
        assertThat(error.line()).isEqualTo(9);
        assertThat(error.message()).contains("aliases (*h) are not supported");
    }

    @Test
    void aSecondDocumentIsRefused() {
        ConfigError error = single(MINIMAL + "---\nadmin: { port: 1 }\n");
        assertThat(error.line()).isEqualTo(7);
        assertThat(error.message()).isEqualTo("a second YAML document starts here; only one is allowed");
    }

    @Test
    void emptyAndNonMappingFilesAreRefused() {
        assertThat(single("# nothing\n").message()).isEqualTo("the file is empty");
        ConfigError list = errors("- a\n- b\n").get(0);
        assertThat(list.key()).isEmpty();
        assertThat(list.line()).isEqualTo(1);
        assertThat(list.message()).contains("expected a mapping");
    }

    @Test
    void aSectionOfTheWrongShapeIsOneError() {
        ConfigError error = single(MINIMAL + "listen: 6432\n");
        assertThat(error.key()).isEqualTo("listen");
        assertThat(error.line()).isEqualTo(6);
        assertThat(error.message()).isEqualTo("expected a mapping (key: value lines), found a single value");
    }

    @Test
    void aListEntryThatIsNotAMappingIsOneError() {
        List<ConfigError> errors = errors(MINIMAL + "  - bob\nrules:\n  -\n");
        assertThat(errors).extracting(ConfigError::key, ConfigError::line, ConfigError::message).containsExactly(
                tuple("identities[1]", 6,
                        "expected a mapping (key: value lines), found a single value"),
                tuple("rules[0]", 8, "expected a mapping (key: value lines), found nothing"));
    }

    @Test
    void aValueOfTheWrongShapeIsAnError() {
        ConfigError error = single(MINIMAL + "admin:\n  host: [a, b]\n");
        assertThat(error.key()).isEqualTo("admin.host");
        assertThat(error.line()).isEqualTo(7);
        assertThat(error.message()).isEqualTo("expected a single value, found a list");
    }

    @Test
    void aMissingUpstreamSectionNamesTheRequiredKey() {
        List<ConfigError> errors = errors("identities:\n  - name: a\n    api_token_sha256: " + TOKEN + "\n");
        assertThat(errors).singleElement().satisfies(error -> {
            assertThat(error.key()).isEqualTo("upstream.user");
            assertThat(error.line()).isEqualTo(1);
            assertThat(error.message()).contains("missing");
        });
    }

    @Test
    void aFileWithoutIdentitiesIsAnError() {
        ConfigError error = single("upstream:\n  user: gw\n");
        assertThat(error.key()).isEqualTo("identities");
        assertThat(error.message()).contains("no identities");
    }

    @Test
    void listenerAndAdminCannotShareAPort() {
        ConfigError error = single(MINIMAL + "listen: { port: 7000 }\nadmin:\n  port: 7000\n");
        assertThat(error.key()).isEqualTo("admin.port");
        assertThat(error.line()).isEqualTo(8);
        assertThat(error.message()).contains("same as listen.port (7000)");
    }

    @Test
    void aTlsKeyWithoutCertificateIsAnError() {
        ConfigError error = single(MINIMAL + "listen:\n  tls:\n    mode: require\n    key: k.pem\n");
        assertThat(error.key()).isEqualTo("listen.tls.key");
        assertThat(error.line()).isEqualTo(9);
        assertThat(error.message()).contains("listen.tls.cert is not");
    }

    @Test
    void rangeLimitsSpeakInSizes() {
        ConfigError error = single(MINIMAL + "listen: { max_message_size: 4GB }\n");
        assertThat(error.key()).isEqualTo("listen.max_message_size");
        assertThat(error.message()).isEqualTo("'4GB' is more than the largest allowed, 2147483647 bytes");
    }

    @Test
    void hashStrategyNeedsAKey() throws Exception {
        ConfigError error = single(MINIMAL + "masking:\n  by_type: { email: hash }\n");
        assertThat(error.key()).isEqualTo("masking.hash_key");
        assertThat(error.line()).isEqualTo(6);
        assertThat(load(MINIMAL + "masking:\n  by_type: { email: hash }\n  hash_key: k\n").masking().strategyFor("email"))
                .isEqualTo(MaskStrategy.HASH);
    }

    @Test
    void aRoleGivenAsOneValueReadsAsAList() throws Exception {
        TracegateConfig config = load(MINIMAL.replace("  - name: agent\n", "  - name: agent\n    roles: agent\n")
                + "rules:\n  - name: r\n    when: { roles: agent, statements: select }\n    action: block\n");
        assertThat(config.identities().get(0).roles()).containsExactly("agent");
        assertThat(config.rules().get(0).when().roles()).containsExactly("agent");
    }

    @Test
    void holdWithReviewersAndTimeoutLoads() throws Exception {
        RuleConfig rule = load(MINIMAL.replace("  - name: agent\n", "  - name: agent\n    roles: [agent, lead]\n")
                + "rules:\n  - name: r\n    when: { roles: [agent] }\n    action: hold\n    reviewers: [lead]\n    timeout: 1h30m\n")
                .rules().get(0);
        assertThat(rule.reviewers()).containsExactly("lead");
        assertThat(rule.timeout()).contains(Duration.ofMinutes(90));
    }

    @Test
    void aRuleWithAReadingErrorDoesNotShadowLaterRules() {
        // With 'delet' dropped the first rule would match every agent statement; it must not be
        // reported as hiding the second rule, only the typo itself.
        List<ConfigError> errors = errors(MINIMAL.replace("  - name: agent\n", "  - name: agent\n    roles: [agent]\n")
                + "rules:\n"
                + "  - name: a\n    when: { roles: [agent], statements: [delet] }\n    action: block\n"
                + "  - name: b\n    when: { roles: [agent], statements: [insert] }\n    action: allow\n");
        assertThat(errors).singleElement().satisfies(e -> assertThat(e.key()).isEqualTo("rules[0].when.statements[0]"));
    }

    @Test
    void exceptionMessageListsEveryErrorOnItsOwnLine() {
        assertThatThrownBy(() -> load(MINIMAL + "admin: { port: x }\nlisten: { port: y }\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("t.yaml:6: admin.port: 'x' is not a whole number from 0 to 65535\n"
                        + "t.yaml:7: listen.port: 'y' is not a whole number from 0 to 65535");
    }

    @Test
    void errorToStringHasTheCompilerForm() {
        assertThat(new ConfigError("a.b", 3, "bad", "f.yaml")).hasToString("f.yaml:3: a.b: bad");
        assertThat(new ConfigError("", 0, "cannot read", "f.yaml")).hasToString("f.yaml: cannot read");
        assertThat(new ConfigError("k", 1, "m")).hasToString("<config>:1: k: m");
    }

    @Test
    void secretsNeverAppearInToString() throws Exception {
        TracegateConfig config = load(MINIMAL.replace("  user: gw\n", "  user: gw\n  password: hunter2\n")
                + "masking: { hash_key: k3y-s3cret }\n");
        assertThat(config.toString()).doesNotContain("hunter2", "k3y-s3cret", TOKEN);
    }

    @Test
    void recordsAreImmutable() throws Exception {
        TracegateConfig config = load(MINIMAL);
        assertThatThrownBy(() -> config.identities().get(0).roles().add("admin")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> config.rules().add(null)).isInstanceOf(UnsupportedOperationException.class);
        assertThat(Set.copyOf(config.detectors().builtin())).hasSize(15);
    }
}
