package io.tracegate.policy.engine;

import io.tracegate.policy.ColumnKind;
import io.tracegate.policy.StatementKind;
import io.tracegate.policy.mask.MalformedJsonException;
import io.tracegate.policy.mask.MaskedValue;
import io.tracegate.policy.mask.ValueMasker;
import io.tracegate.policy.sql.ColumnFlow;
import io.tracegate.policy.sql.CopySpec;
import io.tracegate.policy.sql.JsonKey;
import io.tracegate.policy.sql.OpaqueFlow;
import io.tracegate.policy.sql.ProtectedColumn;
import io.tracegate.policy.sql.SqlStatement;
import io.tracegate.policy.sql.SqlToken;
import io.tracegate.policy.sql.StatementClassifier;
import io.tracegate.policy.sql.StatementInfo;
import io.tracegate.policy.sql.TokenType;
import io.tracegate.policy.sql.ValueSource;
import io.tracegate.policy.sql.WriteAnalysis;
import io.tracegate.policy.sql.WriteAnalyzer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns one lexed statement into a {@link StatementAssessment}: classification, write analysis,
 * masking of every constant bound for a protected column, and findings. No rule is applied here.
 *
 * <p>Findings are counted over the constants of protected values and, for statements that
 * write (INSERT, UPDATE, MERGE), over their other string constants too, so a rule such as
 * "hold inserts that carry a URL" sees them wherever they go; only protected values are rewritten.
 */
final class StatementAssessor {

    private static final String INSUFFICIENT_PRIVILEGE = "42501";

    private final WriteAnalyzer analyzer;
    private final ValueMasker masker;
    private final SensitiveProperties properties;

    StatementAssessor(WriteAnalyzer analyzer, ValueMasker masker, SensitiveProperties properties) {
        this.analyzer = analyzer;
        this.masker = masker;
        this.properties = properties;
    }

    StatementAssessment assess(SqlStatement statement) {
        StatementInfo info = StatementClassifier.classify(statement);
        WriteAnalysis analysis = analyzer.analyze(statement, info);
        Map<SqlToken, String> replacements = new LinkedHashMap<>();
        List<SqlToken> protectedConstants = List.of();
        Set<SqlToken> scanned = new HashSet<>();
        Map<String, Integer> findings = new TreeMap<>();
        List<ParameterSlot> slots = new ArrayList<>();
        Optional<StatementAssessment.Refusal> refusal = Optional.empty();
        Optional<CopyPlan> copy = Optional.empty();

        if (analysis instanceof WriteAnalysis.Unanalysable unanalysable) {
            refusal = Optional.of(new StatementAssessment.Refusal(INSUFFICIENT_PRIVILEGE,
                    "statement writes a protected table (" + String.join(", ", protectedTargets(info)) + ") but cannot be analysed",
                    unanalysable.reason() + "; the gateway refuses writes it cannot mask"));
        } else if (analysis instanceof WriteAnalysis.ProtectedValues values) {
            refusal = opaqueRefusal(values.opaque());
            Set<SqlToken> secrets = secretConstants(values.flows());
            protectedConstants = constants(values.flows());
            for (ColumnFlow flow : values.flows()) {
                Optional<StatementAssessment.Refusal> problem = maskFlow(flow, secrets, replacements, scanned, findings,
                        slots);
                if (problem.isPresent() && refusal.isEmpty()) {
                    refusal = problem;
                }
            }
        } else if (analysis instanceof WriteAnalysis.CopyRows rows) {
            copy = Optional.of(copyPlan(rows));
        }
        if (info.kind() == StatementKind.INSERT || info.kind() == StatementKind.UPDATE
                || info.kind() == StatementKind.MERGE) {
            countOtherConstants(statement, scanned, findings);
        }
        return new StatementAssessment(statement, info.kind(), info.tables(), replacements, protectedConstants,
                findings, slots, refusal, copy, info.mayChangeSqlSettings());
    }

    /** The distinct constants of the flows, in source order. */
    private static List<SqlToken> constants(List<ColumnFlow> flows) {
        List<SqlToken> constants = new ArrayList<>();
        for (ColumnFlow flow : flows) {
            for (ValueSource source : flow.sources()) {
                if (source instanceof ValueSource.Literal literal) {
                    constants.add(literal.token());
                }
            }
        }
        constants.sort(Comparator.comparingInt(SqlToken::start));
        List<SqlToken> distinct = new ArrayList<>(constants.size());
        for (SqlToken constant : constants) {
            if (distinct.isEmpty() || distinct.get(distinct.size() - 1).end() <= constant.start()) {
                distinct.add(constant);
            }
        }
        return distinct;
    }

    private static List<String> protectedTargets(StatementInfo info) {
        return info.writeTargets().isEmpty() ? List.copyOf(info.tables()) : List.copyOf(info.writeTargets());
    }

    private static Optional<StatementAssessment.Refusal> opaqueRefusal(List<OpaqueFlow> opaque) {
        if (opaque.isEmpty()) {
            return Optional.empty();
        }
        OpaqueFlow first = opaque.get(0);
        return Optional.of(new StatementAssessment.Refusal(INSUFFICIENT_PRIVILEGE,
                "value for protected column " + first.column().table() + "." + first.column().column()
                        + " cannot be inspected by the gateway",
                first.reason() + "; send the value itself (a literal or a bind parameter) so it can be masked"));
    }

    /**
     * The constants that JSON builders put under a sensitive property name, to be masked whole. A
     * name the gateway cannot read (computed, or a parameter not yet bound when the text is
     * rewritten) counts as sensitive: masking a harmless value whole loses it, guessing wrong about
     * a secret stores it, so the gateway fails closed. A constant that flows into several columns is
     * a secret if any flow makes it one.
     */
    private Set<SqlToken> secretConstants(List<ColumnFlow> flows) {
        Set<SqlToken> secrets = new HashSet<>();
        for (ColumnFlow flow : flows) {
            for (ValueSource source : flow.sources()) {
                if (source instanceof ValueSource.Literal literal && !literal.jsonKeys().isEmpty()
                        && properties.secretUnder(literal.jsonKeys(), true)) {
                    secrets.add(literal.token());
                }
            }
        }
        return secrets;
    }

    private Optional<StatementAssessment.Refusal> maskFlow(ColumnFlow flow, Set<SqlToken> secrets,
            Map<SqlToken, String> replacements, Set<SqlToken> scanned, Map<String, Integer> findings,
            List<ParameterSlot> slots) {
        ProtectedColumn column = flow.column();
        StringBuilder joined = flow.combined() ? new StringBuilder() : null;
        int piecesFindings = 0;
        for (ValueSource source : flow.sources()) {
            if (source instanceof ValueSource.Parameter parameter) {
                // Names known now decide here; names that are parameters themselves are read at Bind.
                List<Integer> keyParameters = new ArrayList<>();
                for (JsonKey key : parameter.jsonKeys()) {
                    if (key instanceof JsonKey.Parameter named) {
                        keyParameters.add(named.number() - 1);
                    }
                }
                slots.add(new ParameterSlot(parameter.number() - 1, column.table() + "." + column.column(),
                        parameter.maskAs(), properties.secretUnder(parameter.jsonKeys(), false), keyParameters));
                continue;
            }
            ValueSource.Literal literal = (ValueSource.Literal) source;
            SqlToken token = literal.token();
            if (token.type() != TokenType.STRING && token.type() != TokenType.NUMBER) {
                continue;
            }
            if (!scanned.add(token)) {
                continue;
            }
            MaskedValue masked;
            try {
                masked = secrets.contains(token) ? properties.maskSecret(token.value(), literal.maskAs())
                        : masker.mask(token.value(), literal.maskAs());
            } catch (MalformedJsonException e) {
                return Optional.of(new StatementAssessment.Refusal("22P02",
                        "value for json column " + column.table() + "." + column.column() + " is not valid JSON",
                        "at line " + e.line() + ", column " + e.column()));
            }
            masked.findingCounts().forEach((type, count) -> findings.merge(type, count, Integer::sum));
            piecesFindings += masked.findingCounts().values().stream().mapToInt(Integer::intValue).sum();
            if (masked.changed()) {
                replacements.put(token, masked.value());
            }
            if (joined != null) {
                joined.append(token.value());
            }
        }
        if (joined != null && literal(flow) > 1) {
            MaskedValue whole = masker.maskText(joined.toString());
            int wholeFindings = whole.findingCounts().values().stream().mapToInt(Integer::intValue).sum();
            if (wholeFindings > piecesFindings) {
                return Optional.of(new StatementAssessment.Refusal(INSUFFICIENT_PRIVILEGE,
                        "a sensitive value for protected column " + column.table() + "." + column.column()
                                + " is split across several constants",
                        "the gateway masks constants one by one; send the value as one constant"));
            }
        }
        return Optional.empty();
    }

    private static int literal(ColumnFlow flow) {
        int count = 0;
        for (ValueSource source : flow.sources()) {
            if (source instanceof ValueSource.Literal) {
                count++;
            }
        }
        return count;
    }

    /** Findings in the write's other string constants (not rewritten: they do not reach a protected column). */
    private void countOtherConstants(SqlStatement statement, Set<SqlToken> scanned, Map<String, Integer> findings) {
        for (SqlToken token : statement.literals()) {
            if (token.type() == TokenType.STRING && !scanned.contains(token) && !token.value().isEmpty()) {
                masker.maskText(token.value()).findingCounts()
                        .forEach((type, count) -> findings.merge(type, count, Integer::sum));
            }
        }
    }

    private static CopyPlan copyPlan(WriteAnalysis.CopyRows rows) {
        CopySpec spec = rows.spec();
        Map<Integer, ColumnKind> protectedColumns = new HashMap<>();
        rows.fields().forEach((position, column) -> protectedColumns.put(position, column.kind()));
        List<String> columns = new ArrayList<>(spec.columns());
        return new CopyPlan(spec.table().orElse(""), columns, protectedColumns,
                spec.format() == CopySpec.Format.CSV ? CopyPlan.Format.CSV : CopyPlan.Format.TEXT,
                spec.delimiter(), spec.quote(), spec.escape(), spec.nullString(), spec.header());
    }
}
