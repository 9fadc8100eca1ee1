package io.tracegate.policy.sql;

import io.tracegate.policy.StatementKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import net.sf.jsqlparser.parser.CCJSqlParser;
import net.sf.jsqlparser.parser.StringProvider;
import net.sf.jsqlparser.statement.Statement;

/**
 * Finds which constants and parameters of a statement flow into protected columns, for the
 * statements that write a protected table. Thread-safe.
 *
 * <p>Statements that write no protected table are answered from the lexer-level
 * {@link StatementInfo} without a parse. The others are reduced to their {@link StatementShape},
 * and the shape, not the statement, is parsed with JSqlParser (called directly, never through
 * {@code CCJSqlParserUtil}, which spawns non-daemon threads) and analysed once; the analysis is kept
 * in a bounded LRU cache keyed by shape and applied to each statement of that shape. A shape never
 * holds a literal's contents, so neither the cache nor a parser error message can leak one.
 *
 * <p>Fail-closed rules: a statement with a lexical problem, one the parser rejects, one whose
 * parse does not show the protected write the lexer saw, an INSERT or COPY without a column list
 * into a protected table (unless a {@link ColumnOrder} knows the table), and a binary or
 * server-side COPY into a protected table are {@link WriteAnalysis.Unanalysable}, and so is a
 * statement the classifier could not fully read that names a protected table. DO, CALL and EXECUTE
 * (which may write any table) and a PREPARE of a write give an {@link OpaqueFlow} for each
 * protected column of every protected table they may write.
 */
public final class WriteAnalyzer {
    private static final WriteAnalysis NO_VALUES = new WriteAnalysis.NoProtectedValues();
    /** Largest shape (in characters) given a second, complex-parsing attempt. */
    private static final int COMPLEX_PARSING_LIMIT = 4096;

    private final ProtectedTables tables;
    private final ColumnOrder columnOrder;
    private final ShapeCache cache;
    private final AtomicLong parses = new AtomicLong();

    public WriteAnalyzer(ProtectedTables tables, ColumnOrder columnOrder, int cacheCapacity) {
        this.tables = tables;
        this.columnOrder = columnOrder;
        this.cache = new ShapeCache(cacheCapacity);
    }

    public WriteAnalyzer(ProtectedTables tables) {
        this(tables, ColumnOrder.UNKNOWN, 2048);
    }

    public WriteAnalysis analyze(SqlStatement statement) {
        return analyze(statement, StatementClassifier.classify(statement));
    }

    /** Analyses {@code statement}, given its classification (so callers that have it do not redo it). */
    public WriteAnalysis analyze(SqlStatement statement, StatementInfo info) {
        Set<String> written = new LinkedHashSet<>(info.writeTargets());
        written.retainAll(tables.names());
        if (info.opaque().isPresent() && !tables.names().isEmpty()) {
            // DO, CALL, EXECUTE, PREPARE: what they write is hidden. Without a named protected target
            // they may still write any table (dynamic SQL, a procedure), so all protected tables count.
            return opaque(written.isEmpty() ? tables.names() : written, info.opaque().get());
        }
        if (written.isEmpty()) {
            // A statement the classifier could not fully read may hide a write: refuse it when it
            // names a protected table at all.
            return info.problem().isPresent() && namesProtectedTable(statement)
                    ? new WriteAnalysis.Unanalysable(info.problem().get()) : NO_VALUES;
        }
        if (info.problem().isPresent()) {
            return new WriteAnalysis.Unanalysable(info.problem().get());
        }
        if (info.copy().isPresent()) {
            return copyRows(info.copy().get());
        }
        if (info.kind() == StatementKind.TRUNCATE) {
            return NO_VALUES;
        }
        StatementShape shape = StatementShape.of(statement);
        if (shape.problem() != null) {
            return new WriteAnalysis.Unanalysable(shape.problem());
        }
        FlowPlan plan = cache.get(shape.key());
        if (plan == null) {
            plan = plan(shape);
            cache.put(shape.key(), plan);
        }
        return bind(plan, shape, written);
    }

    private WriteAnalysis opaque(Set<String> written, String reason) {
        List<OpaqueFlow> opaque = new ArrayList<>();
        for (String table : written) {
            tables.columns(table).forEach((column, kind) ->
                    opaque.add(new OpaqueFlow(new ProtectedColumn(table, column, kind), reason)));
        }
        return new WriteAnalysis.ProtectedValues(List.of(), opaque);
    }

    /** True when an identifier of the statement is the table name of a protected table. */
    private boolean namesProtectedTable(SqlStatement statement) {
        for (SqlToken token : statement.tokens()) {
            if (token.isIdentifier() && tables.tableNames().contains(token.value())) {
                return true;
            }
        }
        return false;
    }

    private FlowPlan plan(StatementShape shape) {
        parses.incrementAndGet();
        Statement parsed;
        try {
            parsed = parse(shape.key(), false);
        } catch (Exception | StackOverflowError simple) {
            // JSqlParser's "complex parsing" reads more (boolean expressions as values, overlay(..
            // placing ..), ..) at about twice the cost; tried second, and only on small shapes
            // because its backtracking grows badly with input size.
            try {
                if (shape.key().length() > COMPLEX_PARSING_LIMIT) {
                    throw simple;
                }
                parsed = parse(shape.key(), true);
            } catch (Exception | StackOverflowError e) {
                String message = String.valueOf(simple.getMessage());
                int newline = message.indexOf('\n');
                return new FlowPlan.Failed("the SQL parser does not understand this statement: "
                        + (newline < 0 ? message : message.substring(0, newline)));
            }
        }
        try {
            return new FlowCollector(tables, columnOrder, shape.keySlotTypes()).collect(parsed);
        } catch (RuntimeException e) {
            // A parse tree of a form the collector did not expect: refuse rather than fail the caller.
            return new FlowPlan.Failed("statement form not understood (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static Statement parse(String shape, boolean complex) throws Exception {
        return new CCJSqlParser(new StringProvider(shape)).withAllowComplexParsing(complex).Statement();
    }

    private static WriteAnalysis bind(FlowPlan plan, StatementShape shape, Set<String> written) {
        if (plan instanceof FlowPlan.Failed failed) {
            return new WriteAnalysis.Unanalysable(failed.reason());
        }
        FlowPlan.Flows flows = (FlowPlan.Flows) plan;
        for (String table : written) {
            if (!flows.protectedTargets().contains(table)) {
                return new WriteAnalysis.Unanalysable("the parsed statement does not show the write into " + table);
            }
        }
        List<ColumnFlow> bound = new ArrayList<>();
        for (FlowPlan.Flow flow : flows.flows()) {
            boolean perRow = false;
            for (FlowPlan.Slot slot : flow.slots()) {
                perRow |= shape.inRow(slot.slot());
            }
            int rows = perRow ? shape.rows() : 1;
            for (int row = 0; row < rows; row++) {
                List<ValueSource> sources = new ArrayList<>(flow.slots().size());
                for (FlowPlan.Slot slot : flow.slots()) {
                    SqlToken token = shape.fullSlot(slot.slot(), row);
                    List<JsonKey> keys = new ArrayList<>(slot.keys().size());
                    for (FlowPlan.Key key : slot.keys()) {
                        JsonKey named = key.computed() ? new JsonKey.Computed()
                                : jsonKey(shape.fullSlot(key.slot(), row), key.path());
                        if (named == null) {
                            return new WriteAnalysis.Unanalysable("parameter number out of range");
                        }
                        keys.add(named);
                    }
                    if (token.type() == TokenType.PARAMETER) {
                        OptionalInt number = parameterNumber(token);
                        if (number.isEmpty()) {
                            return new WriteAnalysis.Unanalysable("parameter number out of range");
                        }
                        sources.add(new ValueSource.Parameter(number.getAsInt(), slot.maskAs(), keys));
                    } else {
                        sources.add(new ValueSource.Literal(token, slot.maskAs(), keys));
                    }
                }
                bound.add(new ColumnFlow(flow.column(), sources));
            }
        }
        if (bound.isEmpty() && flows.opaque().isEmpty()) {
            return NO_VALUES;
        }
        return new WriteAnalysis.ProtectedValues(bound, flows.opaque());
    }

    /** The property name held by a constant or parameter slot; null for a parameter number out of range. */
    private static JsonKey jsonKey(SqlToken token, boolean path) {
        if (token.type() != TokenType.PARAMETER) {
            return path ? new JsonKey.Path(token) : new JsonKey.Constant(token);
        }
        OptionalInt number = parameterNumber(token);
        return number.isPresent() ? new JsonKey.Parameter(number.getAsInt()) : null;
    }

    private static OptionalInt parameterNumber(SqlToken token) {
        try {
            return OptionalInt.of(Integer.parseInt(token.value().substring(1).replace("_", "")));
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    private WriteAnalysis copyRows(CopySpec spec) {
        String table = spec.table().orElseThrow();
        if (spec.endpoint() != CopySpec.Endpoint.STDIO) {
            return new WriteAnalysis.Unanalysable("COPY into protected table " + table
                    + " from a server file or program: the gateway cannot see the data");
        }
        if (spec.format() == CopySpec.Format.BINARY) {
            return new WriteAnalysis.Unanalysable("binary COPY into protected table " + table + " cannot be masked");
        }
        List<String> columns = spec.columns();
        if (columns.isEmpty()) {
            Optional<List<String>> known = columnOrder.columnsOf(table);
            if (known.isEmpty()) {
                return new WriteAnalysis.Unanalysable("COPY into protected table " + table
                        + " without a column list: the gateway does not know its column order");
            }
            columns = known.get();
        }
        Map<Integer, ProtectedColumn> fields = new LinkedHashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            int field = i;
            tables.column(table, columns.get(i)).ifPresent(c -> fields.put(field, c));
        }
        return fields.isEmpty() ? NO_VALUES : new WriteAnalysis.CopyRows(spec, fields);
    }

    /** How many times a shape was parsed (cache misses that reached JSqlParser). */
    public long parseCount() {
        return parses.get();
    }

    public long cacheHits() {
        return cache.hits();
    }

    public int cachedShapes() {
        return cache.size();
    }

    /** Forgets every cached analysis, e.g. after the column order of a protected table changed. */
    public void clearCache() {
        cache.clear();
    }
}
