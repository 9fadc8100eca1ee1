package io.tracegate.policy.engine;

import io.tracegate.policy.Identity;
import io.tracegate.policy.SqlSettings;
import io.tracegate.policy.StatementKind;
import io.tracegate.policy.config.RuleAction;
import io.tracegate.policy.config.TracegateConfig;
import io.tracegate.policy.mask.MalformedJsonException;
import io.tracegate.policy.mask.MaskedValue;
import io.tracegate.policy.mask.ValueMasker;
import io.tracegate.policy.rules.RuleMatch;
import io.tracegate.policy.rules.RuleSet;
import io.tracegate.policy.rules.StatementFacts;
import io.tracegate.policy.sql.ColumnOrder;
import io.tracegate.policy.sql.LiteralRewriteException;
import io.tracegate.policy.sql.LiteralRewriter;
import io.tracegate.policy.sql.RewrittenSql;
import io.tracegate.policy.sql.SqlStatement;
import io.tracegate.policy.sql.SqlToken;
import io.tracegate.policy.sql.WriteAnalyzer;
import io.tracegate.policy.copy.CopyRowMaskers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The policy engine built from a policy file: lexer-level classification for every statement,
 * JSqlParser only for writes into protected tables (cached by statement shape), masking of the
 * values bound for protected columns, then the first matching rule.
 *
 * <p>Decisions, from strictest: a write the gateway cannot mask is refused with 42501 whatever
 * the rules say; a {@code block} rule refuses; a {@code hold} rule holds; otherwise the statement
 * is forwarded, with its protected values masked whatever the action.
 */
public final class DefaultPolicyEngine implements PolicyEngine {

    private static final String INSUFFICIENT_PRIVILEGE = "42501";
    /** A hold rule without a timeout waits this long at most. */
    static final Duration UNLIMITED_HOLD = Duration.ofDays(7);

    private final RuleSet rules;
    private final ValueMasker masker;
    private final SensitiveProperties properties;
    private final StatementAssessor assessor;
    private final boolean rulesUseFindings;

    private DefaultPolicyEngine(RuleSet rules, ValueMasker masker, WriteAnalyzer analyzer) {
        this.rules = rules;
        this.masker = masker;
        this.properties = new SensitiveProperties(masker);
        this.assessor = new StatementAssessor(analyzer, masker, properties);
        this.rulesUseFindings = rules.rules().stream().anyMatch(rule -> !rule.when().findings().isEmpty());
    }

    /** The engine for a loaded policy file; {@code columnOrder} resolves INSERT/COPY without a column list. */
    public static DefaultPolicyEngine from(TracegateConfig config, ColumnOrder columnOrder) {
        return new DefaultPolicyEngine(RuleSet.of(config.rules()), PolicyComponents.valueMasker(config),
                new WriteAnalyzer(PolicyComponents.protectedTables(config), columnOrder, 4096));
    }

    // ---- simple query --------------------------------------------------------------------

    @Override
    public QueryVerdict evaluateQuery(Identity who, String sql, SqlSettings settings) {
        List<SqlStatement> statements = SqlStatement.parseAll(sql, settings);
        List<StatementAssessment> assessments = new ArrayList<>(statements.size());
        Map<SqlToken, String> replacements = new HashMap<>();
        for (SqlStatement statement : statements) {
            StatementAssessment assessment = assessor.assess(statement);
            assessments.add(assessment);
            replacements.putAll(assessment.replacements());
        }
        Optional<String> settingsHazard = settingsChangeHazard(statements, assessments);
        RewrittenSql rewritten = rewrite(sql, replacements, settings);
        String forward = rewritten == null ? null : rewritten.sql();
        List<StatementSummary> summaries = summaries(assessments, rewritten, replacements, settings);

        Decision strictest = null;
        Optional<CopyPlan> copy = Optional.empty();
        boolean changesSettings = false;
        for (int i = 0; i < assessments.size(); i++) {
            StatementAssessment assessment = assessments.get(i);
            changesSettings |= assessment.changesSqlSettings();
            Decision decision = settingsHazard.isPresent() && assessment.rewritten()
                    ? new Decision.Block(RuleSet.DEFAULT_RULE_NAME, INSUFFICIENT_PRIVILEGE, settingsHazard.get(),
                            "send the SET in its own query")
                    : decide(who, assessment, assessment.findings(), assessment.rewritten());
            strictest = stricter(strictest, decision);
            if (assessment.copy().isPresent()) {
                copy = assessment.copy();
            }
        }
        if (strictest == null) {
            strictest = decide(who, null, Map.of(), false);
        }
        if (forward == null) {
            strictest = stricter(strictest, new Decision.Block(RuleSet.DEFAULT_RULE_NAME, INSUFFICIENT_PRIVILEGE,
                    "the gateway could not rewrite a protected value in place", "the statement was not forwarded"));
            forward = sql;
        }
        return new QueryVerdict(strictest, forward, summaries, copy, changesSettings);
    }

    /**
     * A statement that may change search_path makes the table an unqualified name means in the
     * statements after it in the same query uncertain; masking those would be a guess.
     *
     * <p>standard_conforming_strings is no such hazard: the server lexes a whole Query string when
     * it arrives, with the setting then in force, and only runs its statements afterwards, so
     * {@code SET standard_conforming_strings = off; INSERT ... 'a\b'} reads {@code 'a\b'} under the
     * old setting, exactly as the gateway did (the new one applies from the next message on, which
     * the gateway learns from ParameterStatus). client_encoding likewise: the server converts the
     * whole message before running any of it.
     */
    private static Optional<String> settingsChangeHazard(List<SqlStatement> statements,
            List<StatementAssessment> assessments) {
        for (int i = 0; i < statements.size() - 1; i++) {
            if (io.tracegate.policy.sql.StatementClassifier.classify(statements.get(i)).mayChangeSearchPath()) {
                for (int j = i + 1; j < assessments.size(); j++) {
                    if (assessments.get(j).rewritten() || !assessments.get(j).slots().isEmpty()) {
                        return Optional.of("a statement that may change search_path precedes a write of "
                                + "protected values in the same query");
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** The rewritten SQL, or null when the values cannot be put in place. */
    private static RewrittenSql rewrite(String sql, Map<SqlToken, String> replacements, SqlSettings settings) {
        try {
            return LiteralRewriter.rewriteTracked(sql, replacements, settings);
        } catch (LiteralRewriteException e) {
            return null;
        }
    }

    /** Per statement, the text as forwarded: cut from the rewritten SQL (same statements, same order). */
    private List<StatementSummary> summaries(List<StatementAssessment> assessments, RewrittenSql rewritten,
            Map<SqlToken, String> replacements, SqlSettings settings) {
        String forward = rewritten == null ? null : rewritten.sql();
        // One statement (the common case) is cut from the rewritten text by offset; several are re-split.
        List<SqlStatement> forwarded = forward == null || replacements.isEmpty() || assessments.size() == 1
                ? null : SqlStatement.parseAll(forward, settings);
        List<StatementSummary> summaries = new ArrayList<>(assessments.size());
        for (int i = 0; i < assessments.size(); i++) {
            StatementAssessment assessment = assessments.get(i);
            SqlStatement original = assessment.statement();
            String text;
            ProtectedParts parts = ProtectedParts.UNKNOWN;
            if (assessment.refusal().isPresent() || forward == null) {
                // Not forwarded as analysed: every constant is masked for the audit.
                text = auditText(original, settings);
            } else if (replacements.isEmpty()) {
                text = original.text();
                parts = protectedParts(assessment, rewritten, original.start(), text.length());
            } else if (assessments.size() == 1) {
                text = forward.substring(original.start(), original.end() + forward.length() - original.sql().length());
                parts = protectedParts(assessment, rewritten, original.start(), text.length());
            } else if (forwarded.size() == assessments.size()) {
                text = forwarded.get(i).text();
                parts = protectedParts(assessment, rewritten, forwarded.get(i).start(), text.length());
            } else {
                text = auditText(original, settings);
            }
            summaries.add(new StatementSummary(assessment.kind(), assessment.tables(), text, assessment.findings(),
                    parts));
        }
        return summaries;
    }

    /**
     * Where the assessment's protected constants went in the forwarded text, as offsets into the
     * statement's part of it (from {@code from}, {@code length} characters), and which parameters
     * are protected; {@link ProtectedParts#UNKNOWN} should a constant not be found in that part.
     */
    private static ProtectedParts protectedParts(StatementAssessment assessment, RewrittenSql rewritten, int from,
            int length) {
        List<SqlToken> constants = assessment.protectedConstants();
        int[] bounds = new int[2 * constants.size()];
        for (int i = 0; i < constants.size(); i++) {
            SqlToken moved;
            try {
                moved = rewritten.moved(constants.get(i));
            } catch (IllegalArgumentException e) {
                return ProtectedParts.UNKNOWN; // not a token of the text: the audit works it out itself
            }
            bounds[2 * i] = moved.start() - from;
            bounds[2 * i + 1] = moved.end() - from;
            if (bounds[2 * i] < 0 || bounds[2 * i + 1] > length) {
                return ProtectedParts.UNKNOWN;
            }
        }
        Set<Integer> parameters = new HashSet<>();
        for (ParameterSlot slot : assessment.slots()) {
            parameters.add(slot.index() + 1);
        }
        return ProtectedParts.of(bounds, parameters);
    }

    /**
     * The text of a statement that will not be forwarded as analysed: every string constant
     * masked as plain text, so the audit log never holds what the gateway could not place.
     */
    private String auditText(SqlStatement statement, SqlSettings settings) {
        Map<SqlToken, String> masked = new HashMap<>();
        for (SqlToken token : statement.literals()) {
            if (token.type() == io.tracegate.policy.sql.TokenType.STRING) {
                MaskedValue value = masker.maskText(token.value());
                if (value.changed()) {
                    masked.put(token, value.value());
                }
            }
        }
        String text = statement.text();
        if (masked.isEmpty()) {
            return text;
        }
        RewrittenSql rewritten = rewrite(statement.sql(), masked, settings);
        return rewritten == null
                ? "<statement of " + text.length() + " characters withheld: its constants could not be masked>"
                : rewritten.sql().substring(statement.start(),
                        statement.end() + (rewritten.sql().length() - statement.sql().length()));
    }

    // ---- extended query ------------------------------------------------------------------

    @Override
    public PreparedPlan prepare(Identity who, String sql, SqlSettings settings) {
        StatementAssessment assessment = assessor.assess(SqlStatement.parseOne(sql, settings));
        RewrittenSql rewritten = rewrite(sql, assessment.replacements(), settings);
        Decision decision = decide(who, assessment, assessment.findings(), assessment.rewritten());
        if (rewritten == null) {
            decision = new Decision.Block(decision.ruleName(), INSUFFICIENT_PRIVILEGE,
                    "the gateway could not rewrite a protected value in place", "the statement was not forwarded");
        }
        String forward = rewritten == null ? sql : rewritten.sql();
        boolean forwardedAsAnalysed = rewritten != null && assessment.refusal().isEmpty();
        String text = forwardedAsAnalysed ? forward : auditText(assessment.statement(), settings);
        StatementSummary summary = new StatementSummary(assessment.kind(), assessment.tables(), text,
                assessment.findings(),
                forwardedAsAnalysed ? protectedParts(assessment, rewritten, 0, text.length()) : ProtectedParts.UNKNOWN);
        boolean inspectAll = rulesUseFindings && assessment.kind().writes() && !(decision instanceof Decision.Block);
        return new PreparedPlan(decision, forward, summary, assessment.slots(), inspectAll,
                assessment.changesSqlSettings());
    }

    @Override
    public BindVerdict evaluateBind(Identity who, PreparedPlan plan, List<String> values) {
        List<String> out = new ArrayList<>(values);
        Map<String, Integer> findings = new TreeMap<>(plan.statement().findings());
        Map<Integer, ParameterSlot> bySlot = new LinkedHashMap<>();
        Set<Integer> secret = new HashSet<>();
        for (ParameterSlot slot : plan.protectedSlots()) {
            if (slot.index() >= values.size() || values.get(slot.index()) == null) {
                continue;
            }
            bySlot.putIfAbsent(slot.index(), slot);
            if (slot.secret() || namedSecretly(slot, values)) {
                secret.add(slot.index());
            }
        }
        for (ParameterSlot slot : bySlot.values()) {
            String value = values.get(slot.index());
            try {
                MaskedValue masked = secret.contains(slot.index()) ? properties.maskSecret(value, slot.kind())
                        : masker.mask(value, slot.kind());
                masked.findingCounts().forEach((type, count) -> findings.merge(type, count, Integer::sum));
                if (masked.changed()) {
                    out.set(slot.index(), masked.value());
                }
            } catch (MalformedJsonException e) {
                return new BindVerdict(new Decision.Block(plan.decision().ruleName(), "22P02",
                        "parameter $" + (slot.index() + 1) + " for json column " + slot.column() + " is not valid JSON",
                        "at line " + e.line() + ", column " + e.column()), out, findings);
            }
        }
        Set<Integer> masked = bySlot.keySet();
        if (plan.inspectAllParameters()) {
            for (int i = 0; i < values.size(); i++) {
                if (values.get(i) != null && !masked.contains(i)) {
                    masker.maskText(values.get(i)).findingCounts()
                            .forEach((type, count) -> findings.merge(type, count, Integer::sum));
                }
            }
        }
        Decision decision = plan.decision();
        if (!(decision instanceof Decision.Block)) {
            boolean rewritten = !out.equals(values) || decision instanceof Decision.Mask;
            decision = decideFacts(who, plan.statement().kind(), plan.statement().tables(), findings, rewritten);
        }
        return new BindVerdict(decision, out, findings);
    }

    /**
     * Whether a property name given as another parameter of this Bind is sensitive. A name that is
     * missing (SQL NULL, which the server refuses as a name anyway) counts as sensitive.
     */
    private boolean namedSecretly(ParameterSlot slot, List<String> values) {
        for (int key : slot.keyParameters()) {
            String name = key < values.size() ? values.get(key) : null;
            if (name == null || properties.sensitive(name)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public CopyRowMasker copyMasker(CopyPlan plan) {
        return CopyRowMaskers.create(plan, masker);
    }

    @Override
    public Decision evaluateFastPath(Identity who) {
        return decideFacts(who, StatementKind.FASTPATH, Set.of(), Map.of(), false);
    }

    // ---- rules ---------------------------------------------------------------------------

    private Decision decide(Identity who, StatementAssessment assessment, Map<String, Integer> findings,
            boolean rewritten) {
        if (assessment == null) {
            return decideFacts(who, StatementKind.OTHER, Set.of(), findings, rewritten);
        }
        if (assessment.refusal().isPresent()) {
            StatementAssessment.Refusal refusal = assessment.refusal().get();
            return new Decision.Block(RuleSet.DEFAULT_RULE_NAME, refusal.sqlState(), refusal.message(), refusal.detail());
        }
        return decideFacts(who, assessment.kind(), assessment.tables(), findings, rewritten);
    }

    private Decision decideFacts(Identity who, StatementKind kind, Set<String> tables, Map<String, Integer> findings,
            boolean rewritten) {
        Set<String> types = new java.util.TreeSet<>();
        findings.forEach((type, count) -> {
            if (count > 0) {
                types.add(type);
            }
        });
        RuleMatch match = rules.match(who, new StatementFacts(kind, tables, types));
        RuleAction action = match.action();
        if (action == RuleAction.BLOCK) {
            return new Decision.Block(match.ruleName(), INSUFFICIENT_PRIVILEGE,
                    "statement refused by rule \"" + match.ruleName() + "\"",
                    kind.policyName() + (tables.isEmpty() ? "" : " on " + String.join(", ", tables))
                            + " is not allowed for identity " + who.name());
        }
        if (action == RuleAction.HOLD) {
            return new Decision.Hold(match.ruleName(), match.reviewers(), match.timeout().orElse(UNLIMITED_HOLD));
        }
        return rewritten ? new Decision.Mask(match.ruleName()) : new Decision.Allow(match.ruleName());
    }

    private static Decision stricter(Decision a, Decision b) {
        if (a == null) {
            return b;
        }
        return rank(b) > rank(a) ? b : a;
    }

    private static int rank(Decision decision) {
        if (decision instanceof Decision.Block) {
            return 3;
        }
        if (decision instanceof Decision.Hold) {
            return 2;
        }
        return decision instanceof Decision.Mask ? 1 : 0;
    }
}
