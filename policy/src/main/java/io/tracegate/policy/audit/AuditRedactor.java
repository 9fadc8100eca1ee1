package io.tracegate.policy.audit;

import io.tracegate.policy.MaskStrategy;
import io.tracegate.policy.SqlSettings;
import io.tracegate.policy.config.TracegateConfig;
import io.tracegate.policy.engine.PolicyComponents;
import io.tracegate.policy.engine.ProtectedParts;
import io.tracegate.policy.detect.DetectorSet;
import io.tracegate.policy.mask.Masker;
import io.tracegate.policy.mask.ValueMasker;
import io.tracegate.policy.sql.ColumnFlow;
import io.tracegate.policy.sql.ColumnOrder;
import io.tracegate.policy.sql.ProtectedTables;
import io.tracegate.policy.sql.SqlStatement;
import io.tracegate.policy.sql.SqlToken;
import io.tracegate.policy.sql.StatementClassifier;
import io.tracegate.policy.sql.StatementInfo;
import io.tracegate.policy.sql.ValueSource;
import io.tracegate.policy.sql.WriteAnalysis;
import io.tracegate.policy.sql.WriteAnalyzer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Masks the copies of statements that the audit log and session recordings keep, so that no
 * value the policy's detectors find there is kept raw.
 *
 * <p>The gateway forwards constants that do not flow into a protected column unchanged: a
 * {@code WHERE} condition, an {@code UPDATE}'s other columns, a {@code DELETE}'s filter. For
 * every statement that names a protected table (of any kind), the audited and recorded text and
 * parameter values are scanned with the policy's detectors and each finding is replaced by the
 * policy's masked form, independently of what was forwarded. The strategies and the hash key are
 * the policy's, so a hash token in the audit log is the very token stored in the table and the
 * two still join. Statements that name no protected table are kept as they are: the policy does
 * not mask them.
 *
 * <p>A statement's text is scanned outside the constants that flow into protected columns, and
 * of its parameters only those bound for other columns are: the policy engine masked the others
 * already, and scanning a 4 KB trace a second time would cost about
 * half of what the engine spent on the statement. Which constants those are is found as the
 * engine finds them (lexer, classifier, the write analysis cached by statement shape). Text
 * with a backslash is scanned whole, since how it reads depends on a session setting. The text
 * is scanned as written: a value spelt with escapes ({@code E'\x34...'}) outside a protected
 * column is not decoded first.
 *
 * <p>Thread-safe.
 */
public final class AuditRedactor {

    /** Statement shapes whose write analysis is kept (the engine keeps its own). */
    private static final int ANALYSES_CACHED = 1024;

    /** The redactor of a policy without protected tables: it never changes anything. */
    public static final AuditRedactor NONE = new AuditRedactor(ProtectedTables.NONE,
            new ValueMasker(DetectorSet.of(Set.of(), Map.of()), new Masker(MaskStrategy.REDACT, Map.of(),
                    new byte[0])));

    private final ProtectedTables tables;
    private final ValueMasker masker;
    private final WriteAnalyzer analyzer;
    /** The protected tables' own names, for a quick look at SQL text before it is lexed. */
    private final String[] bareNames;

    /**
     * @param tables the policy's protected tables
     * @param masker the policy's detectors and masking strategies, as the policy engine uses them
     */
    public AuditRedactor(ProtectedTables tables, ValueMasker masker) {
        this.tables = Objects.requireNonNull(tables, "tables");
        this.masker = Objects.requireNonNull(masker, "masker");
        // Without the catalog's column order: an INSERT without a column list is then scanned whole.
        this.analyzer = new WriteAnalyzer(tables, ColumnOrder.UNKNOWN, ANALYSES_CACHED);
        this.bareNames = tables.tableNames().toArray(String[]::new);
    }

    /**
     * The redactor for a loaded policy file: its tables, detectors and masking section;
     * {@link #NONE} when it protects no table.
     */
    public static AuditRedactor from(TracegateConfig config) {
        if (config.tables().isEmpty()) {
            return NONE;
        }
        return new AuditRedactor(PolicyComponents.protectedTables(config), PolicyComponents.valueMasker(config));
    }

    // ---- which statements ----------------------------------------------------------------

    /**
     * Whether a statement naming {@code canonicalTables} ({@code schema.table}, as
     * {@link AuditEvent#tables()} holds them) names a protected table. A few set lookups.
     */
    public boolean namesProtectedTable(Collection<String> canonicalTables) {
        for (String table : canonicalTables) {
            if (tables.isProtected(table)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether SQL text (one statement or several) names a protected table, for copies that do
     * not carry the tables: recorded messages and approval requests. Text that does not even
     * contain a protected table's name is answered without lexing; otherwise it is lexed and
     * classified as the policy engine does, and text the classifier cannot read completely
     * counts as naming one. Lexed with standard-conforming strings, which decides only how
     * backslashes in constants are read, not which tables are named.
     */
    public boolean namesProtectedTable(String sql) {
        if (sql == null || !mayNameProtectedTable(sql)) {
            return false;
        }
        for (SqlStatement statement : SqlStatement.parseAll(sql, SqlSettings.DEFAULT)) {
            StatementInfo info = StatementClassifier.classify(statement);
            if (info.problem().isPresent() || info.touchesAny(tables.names())) {
                return true;
            }
        }
        return false;
    }

    /**
     * False only when {@code sql} cannot name a protected table: none of their names occurs in
     * it, in any letter case, and it has no Unicode-escaped identifier ({@code U&"..."}) that
     * could spell one.
     */
    boolean mayNameProtectedTable(String sql) {
        for (String name : bareNames) {
            if (containsIgnoreCase(sql, name)) {
                return true;
            }
        }
        return bareNames.length > 0 && (sql.contains("U&") || sql.contains("u&"));
    }

    private static boolean containsIgnoreCase(String text, String name) {
        int last = text.length() - name.length();
        char first = name.charAt(0);
        char firstUpper = Character.toUpperCase(first);
        char firstLower = Character.toLowerCase(first);
        for (int i = 0; i <= last; i++) {
            char c = text.charAt(i);
            if ((c == firstLower || c == firstUpper) && text.regionMatches(true, i, name, 0, name.length())) {
                return true;
            }
        }
        return false;
    }

    // ---- redaction -----------------------------------------------------------------------

    /** {@code text} with every masked finding replaced by its masked form; the same string when none. */
    public String redact(String text) {
        return text == null || text.isEmpty() ? text : masker.maskText(text).value();
    }

    /**
     * SQL text (one statement or several) that names a protected table, masked everywhere but
     * in the constants that flow into protected columns, which the policy engine masked before
     * forwarding; the same string when nothing was found.
     */
    public String redactStatements(String sql) {
        return sql == null || sql.isEmpty() ? sql : redactStatements(sql, engineMasked(sql));
    }

    /** {@code sql} as {@link #redactStatements} masks it when it names a protected table, else as it is. */
    public String redactIfProtected(String sql) {
        return namesProtectedTable(sql) ? redactStatements(sql) : sql;
    }

    /** Each value redacted as by {@link #redact(String)}; SQL NULL entries stay null. */
    public List<String> redactValues(List<String> values) {
        return redactValues(values, Set.of());
    }

    private String redactStatements(String sql, ProtectedParts masked) {
        if (masked.constants() == 0) {
            return redact(sql);
        }
        // The gaps between the engine's constants, redacted; the text is copied only if one changed.
        String[] gaps = new String[masked.constants() + 1];
        boolean changed = false;
        int last = 0;
        for (int i = 0; i <= masked.constants(); i++) {
            String gap = sql.substring(last, i < masked.constants() ? masked.start(i) : sql.length());
            gaps[i] = redact(gap);
            changed |= gaps[i] != gap;
            last = i < masked.constants() ? masked.end(i) : last;
        }
        if (!changed) {
            return sql;
        }
        StringBuilder out = new StringBuilder(sql.length() + 32);
        for (int i = 0; i < masked.constants(); i++) {
            out.append(gaps[i]).append(sql, masked.start(i), masked.end(i));
        }
        return out.append(gaps[masked.constants()]).toString();
    }

    /** The values redacted, but for the parameters ({@code $n}, from 1) in {@code skipped}. */
    private List<String> redactValues(List<String> values, Set<Integer> skipped) {
        List<String> out = null;
        for (int i = 0; i < values.size(); i++) {
            String value = values.get(i);
            String redacted = skipped.contains(i + 1) ? value : redact(value);
            if (redacted != value && out == null) {
                out = new ArrayList<>(values);
            }
            if (out != null) {
                out.set(i, redacted);
            }
        }
        return out == null ? values : out;
    }

    /**
     * What the policy engine masked in statements of this text, worked out again: constants by
     * offset, parameters by number. Nothing when the text cannot be read as the engine read it,
     * so that all of it is scanned: text with a backslash (its reading depends on
     * standard_conforming_strings), text the classifier cannot fully read.
     */
    private ProtectedParts engineMasked(String sql) {
        if (sql == null || sql.isEmpty() || sql.indexOf('\\') >= 0) {
            return ProtectedParts.NONE;
        }
        List<SqlToken> constants = new ArrayList<>();
        Set<Integer> parameters = new HashSet<>();
        for (SqlStatement statement : SqlStatement.parseAll(sql, SqlSettings.DEFAULT)) {
            StatementInfo info = StatementClassifier.classify(statement);
            if (info.problem().isPresent()) {
                return ProtectedParts.NONE;
            }
            if (analyzer.analyze(statement, info) instanceof WriteAnalysis.ProtectedValues values) {
                for (ColumnFlow flow : values.flows()) {
                    for (ValueSource source : flow.sources()) {
                        if (source instanceof ValueSource.Literal literal) {
                            constants.add(literal.token());
                        } else if (source instanceof ValueSource.Parameter parameter) {
                            parameters.add(parameter.number());
                        }
                    }
                }
            }
        }
        constants.sort(Comparator.comparingInt(SqlToken::start));
        int[] bounds = new int[2 * constants.size()];
        int count = 0;
        for (SqlToken constant : constants) {
            if (count == 0 || bounds[count - 1] <= constant.start()) {
                bounds[count++] = constant.start();
                bounds[count++] = constant.end();
            }
        }
        return ProtectedParts.of(Arrays.copyOf(bounds, count), parameters);
    }

    /**
     * Whether {@link #redact(AuditEvent)} may change {@code event}, cheaply: no scan, no lexing.
     * Statement events answer exactly, from their tables; approval events carry no tables, so
     * any that has text to scan may.
     */
    public boolean concerns(AuditEvent event) {
        String type = event.eventType();
        if (type.equals(AuditEvent.STATEMENT)) {
            return namesProtectedTable(event.tables());
        }
        return isApproval(type) && (event.statementText() != null || !event.parameters().isEmpty())
                && bareNames.length > 0;
    }

    /**
     * The event with its statement text and parameter values redacted when it is about a
     * statement that names a protected table; the very same event otherwise.
     */
    public AuditEvent redact(AuditEvent event) {
        return redact(event, ProtectedParts.UNKNOWN);
    }

    /**
     * As {@link #redact(AuditEvent)}, told by the policy engine which parts of the event's
     * statement text and which parameters it masked already (they are not scanned again), or
     * {@link ProtectedParts#UNKNOWN} to work that out here.
     */
    public AuditEvent redact(AuditEvent event, ProtectedParts engineMasked) {
        boolean protectedStatement = event.eventType().equals(AuditEvent.STATEMENT)
                ? namesProtectedTable(event.tables())
                : isApproval(event.eventType()) && namesProtectedTable(event.statementText());
        if (!protectedStatement) {
            return event;
        }
        String sql = event.statementText();
        ProtectedParts masked = engineMasked.known() && fits(engineMasked, sql) ? engineMasked : engineMasked(sql);
        String text = sql == null || sql.isEmpty() ? sql : redactStatements(sql, masked);
        // A value bound for a protected column is the engine's masked form: only the others are scanned.
        List<String> parameters = redactValues(event.parameters(), masked.parameters());
        if (text == event.statementText() && parameters == event.parameters()) {
            return event;
        }
        return event.toBuilder().statementText(text).parameters(parameters).build();
    }

    /** Whether the parts lie within {@code sql}: they were taken from the same text. */
    private static boolean fits(ProtectedParts parts, String sql) {
        int length = sql == null ? 0 : sql.length();
        return parts.constants() == 0 || parts.end(parts.constants() - 1) <= length;
    }

    private static boolean isApproval(String type) {
        return type.equals(AuditEvent.APPROVAL_REQUESTED) || type.equals(AuditEvent.APPROVAL_DECIDED);
    }

    /** Names the tables only: never a value. */
    @Override
    public String toString() {
        return "AuditRedactor[tables=" + tables.names() + "]";
    }
}
