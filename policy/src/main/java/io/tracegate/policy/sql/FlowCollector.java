package io.tracegate.policy.sql;

import io.tracegate.policy.ColumnKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import net.sf.jsqlparser.expression.Alias;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.delete.ParenthesedDelete;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.insert.InsertConflictAction;
import net.sf.jsqlparser.statement.insert.ParenthesedInsert;
import net.sf.jsqlparser.statement.merge.Merge;
import net.sf.jsqlparser.statement.merge.MergeInsert;
import net.sf.jsqlparser.statement.merge.MergeOperation;
import net.sf.jsqlparser.statement.merge.MergeUpdate;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.select.SetOperationList;
import net.sf.jsqlparser.statement.select.Values;
import net.sf.jsqlparser.statement.select.WithItem;
import net.sf.jsqlparser.statement.update.ParenthesedUpdate;
import net.sf.jsqlparser.statement.update.Update;
import net.sf.jsqlparser.statement.update.UpdateSet;

/**
 * Turns a parsed statement shape into a {@link FlowPlan}: for every write into a protected table
 * (INSERT ... VALUES / SELECT / ON CONFLICT DO UPDATE, UPDATE ... SET, MERGE, and the same inside
 * data-modifying CTEs), which slots flow into each protected column, and which columns receive
 * values the gateway cannot see.
 */
final class FlowCollector {
    private static final String FROM_SELECT = "INSERT ... SELECT copies column %s from another table";
    private static final String FROM_OTHER_TABLE = "value taken from column %s of another table";
    private static final String FROM_MERGE_SOURCE = "value taken from column %s of the MERGE source";
    private static final String IN_VALUES = "column reference %s in VALUES";

    /** The values one INSERT gives its columns, row by row, and the scope they are read in. */
    private record Rows(List<List<Expression>> rows, boolean star, ExpressionFlows.Scope scope) {
    }

    private final ProtectedTables protectedTables;
    private final ColumnOrder columnOrder;
    private final ExpressionFlows expressions;
    private final List<FlowPlan.Flow> flows = new ArrayList<>();
    private final Set<OpaqueFlow> opaque = new LinkedHashSet<>();
    private final Set<String> protectedTargets = new LinkedHashSet<>();
    private String failure;

    FlowCollector(ProtectedTables protectedTables, ColumnOrder columnOrder, TokenType[] slotTypes) {
        this.protectedTables = protectedTables;
        this.columnOrder = columnOrder;
        this.expressions = new ExpressionFlows(slotTypes);
    }

    FlowPlan collect(Statement statement) {
        statement(statement);
        if (failure == null) {
            failure = expressions.mismatch();
        }
        if (failure != null) {
            return new FlowPlan.Failed(failure);
        }
        return new FlowPlan.Flows(flows, List.copyOf(opaque), protectedTargets);
    }

    private void statement(Statement statement) {
        if (statement instanceof Insert insert) {
            withItems(insert.getWithItemsList());
            insert(insert);
        } else if (statement instanceof Update update) {
            withItems(update.getWithItemsList());
            update(update);
        } else if (statement instanceof Merge merge) {
            withItems(merge.getWithItemsList());
            merge(merge);
        } else if (statement instanceof Delete delete) {
            withItems(delete.getWithItemsList());
            target(delete.getTable());
        } else if (statement instanceof Select select) {
            withItems(select.getWithItemsList());
        }
    }

    private void withItems(List<WithItem<?>> items) {
        if (items == null) {
            return;
        }
        for (WithItem<?> item : items) {
            Object body = item.getParenthesedStatement();
            if (body instanceof ParenthesedInsert insert) {
                insert(insert.getInsert());
            } else if (body instanceof ParenthesedUpdate update) {
                update(update.getUpdate());
            } else if (body instanceof ParenthesedDelete delete) {
                target(delete.getDelete().getTable());
            }
        }
    }

    /** The canonical name of a written table, remembered when protected; null when not protected. */
    private String target(Table table) {
        if (table == null || table.getName() == null) {
            return null;
        }
        String schema = table.getSchemaName() == null ? Identifiers.DEFAULT_SCHEMA
                : ExpressionFlows.identifier(table.getSchemaName());
        String name = schema + "." + ExpressionFlows.identifier(table.getName());
        if (!protectedTables.isProtected(name)) {
            return null;
        }
        protectedTargets.add(name);
        return name;
    }

    private static Set<String> targetNames(Table table) {
        Set<String> names = new LinkedHashSet<>();
        names.add(ExpressionFlows.identifier(table.getName()));
        Alias alias = table.getAlias();
        if (alias != null && alias.getName() != null) {
            names.add(ExpressionFlows.identifier(alias.getName()));
        }
        return names;
    }

    private void insert(Insert insert) {
        String table = target(insert.getTable());
        if (table == null) {
            return;
        }
        if (insert.getSetUpdateSets() != null && !insert.getSetUpdateSets().isEmpty()) {
            fail("INSERT ... SET is not PostgreSQL");
            return;
        }
        List<String> columns = columns(table, insert.getColumns());
        if (columns == null) {
            return;
        }
        Map<String, ColumnKind> protectedColumns = protectedTables.columns(table);
        ExpressionFlows.Scope valuesScope = new ExpressionFlows.Scope(Set.of(), protectedColumns, false, null,
                false, null, IN_VALUES);
        Rows rows;
        if (insert.getSelect() instanceof Values values) {
            rows = new Rows(rowsOf(values), false, valuesScope);
        } else if (insert.getSelect() != null) {
            List<List<Expression>> found = new ArrayList<>();
            boolean star = selectRows(insert.getSelect(), found);
            rows = new Rows(found, star, new ExpressionFlows.Scope(Set.of(), protectedColumns, false, null, false,
                    null, FROM_SELECT));
        } else {
            rows = new Rows(List.of(), false, valuesScope); // DEFAULT VALUES
        }
        for (List<Expression> row : rows.rows()) {
            if (row.size() > columns.size()) {
                fail("INSERT has more expressions than target columns");
                return;
            }
            for (int i = 0; i < row.size(); i++) {
                assign(table, columns.get(i), listed(insert.getColumns(), i), row.get(i), rows.scope());
            }
        }
        if (rows.star()) {
            for (String column : columns) {
                protectedTables.column(table, column).ifPresent(c ->
                        opaque.add(new OpaqueFlow(c, "INSERT ... SELECT * copies columns from another table")));
            }
        }
        conflictUpdate(insert, table, columns, rows);
    }

    /** ON CONFLICT DO UPDATE SET: EXCLUDED.c is the value the INSERT gave c, row by row. */
    private void conflictUpdate(Insert insert, String table, List<String> columns, Rows rows) {
        InsertConflictAction action = insert.getConflictAction();
        if (action == null || action.getUpdateSets() == null || action.getUpdateSets().isEmpty()) {
            return;
        }
        Set<String> names = targetNames(insert.getTable());
        Map<String, ColumnKind> protectedColumns = protectedTables.columns(table);
        List<List<Expression>> perRow = rows.rows().isEmpty() ? List.of(List.of()) : rows.rows();
        for (List<Expression> row : perRow) {
            Map<String, Expression> excluded = new LinkedHashMap<>();
            boolean complete = !rows.star();
            for (int i = 0; i < row.size(); i++) {
                if (expressions.subscriptNames(listed(insert.getColumns(), i)).isEmpty()) {
                    excluded.put(columns.get(i), row.get(i));
                } else {
                    complete = false; // EXCLUDED.c is a whole value built from a subscripted one: not traced
                }
            }
            ExpressionFlows.Scope scope = new ExpressionFlows.Scope(names, protectedColumns, true, excluded,
                    complete, rows.scope(), FROM_OTHER_TABLE);
            updateSets(table, action.getUpdateSets(), scope);
        }
    }

    private void update(Update update) {
        String table = target(update.getTable());
        if (table == null) {
            return;
        }
        ExpressionFlows.Scope scope = new ExpressionFlows.Scope(targetNames(update.getTable()),
                protectedTables.columns(table), true, null, false, null, FROM_OTHER_TABLE);
        updateSets(table, update.getUpdateSets(), scope);
    }

    private void merge(Merge merge) {
        String table = target(merge.getTable());
        if (table == null || merge.getOperations() == null) {
            return;
        }
        Set<String> names = targetNames(merge.getTable());
        Map<String, ColumnKind> protectedColumns = protectedTables.columns(table);
        for (MergeOperation operation : merge.getOperations()) {
            if (operation instanceof MergeUpdate mergeUpdate) {
                updateSets(table, mergeUpdate.getUpdateSets(), new ExpressionFlows.Scope(names, protectedColumns,
                        true, null, false, null, FROM_MERGE_SOURCE));
            } else if (operation instanceof MergeInsert mergeInsert) {
                List<String> columns = columns(table, mergeInsert.getColumns());
                if (columns == null) {
                    return;
                }
                List<Expression> row = mergeInsert.getValues() == null ? List.of() : new ArrayList<>(mergeInsert.getValues());
                if (row.size() > columns.size()) {
                    fail("MERGE INSERT has more expressions than target columns");
                    return;
                }
                // In WHEN NOT MATCHED there is no target row: every column reference is the source's.
                ExpressionFlows.Scope scope = new ExpressionFlows.Scope(names, protectedColumns, false, null, false,
                        null, FROM_MERGE_SOURCE);
                for (int i = 0; i < row.size(); i++) {
                    assign(table, columns.get(i), listed(mergeInsert.getColumns(), i), row.get(i), scope);
                }
            }
        }
    }

    private void updateSets(String table, List<UpdateSet> sets, ExpressionFlows.Scope scope) {
        if (sets == null) {
            return;
        }
        for (UpdateSet set : sets) {
            List<Column> columns = set.getColumns();
            List<Expression> values = new ArrayList<>(set.getValues());
            if (values.size() == 1 && columns.size() > 1) {
                Expression only = values.get(0);
                if (only instanceof ParenthesedExpressionList<?> list && list.size() == columns.size()) {
                    values = new ArrayList<>(list);
                } else {
                    // (a, b) = (SELECT ...) or another row-valued expression: not matched to columns.
                    ExpressionFlows.Sink sink = new ExpressionFlows.Sink();
                    expressions.walk(only, ColumnKind.TEXT, scope, sink);
                    Set<String> reasons = sink.opaque.isEmpty() ? Set.of("row value not matched to its columns") : sink.opaque;
                    for (Column column : columns) {
                        protectedTables.column(table, setColumn(table, column)).ifPresent(c ->
                                reasons.forEach(reason -> opaque.add(new OpaqueFlow(c, reason))));
                    }
                    continue;
                }
            }
            if (values.size() != columns.size()) {
                fail("SET lists " + columns.size() + " columns but " + values.size() + " values");
                return;
            }
            for (int i = 0; i < columns.size(); i++) {
                assign(table, setColumn(table, columns.get(i)), columns.get(i), values.get(i), scope);
            }
        }
    }

    /**
     * The column a SET target writes. {@code SET col[1] = ..} writes col; {@code SET a.b = ..} writes
     * field b of composite column a, so a protected {@code a} is the one written.
     */
    private String setColumn(String table, Column column) {
        String name = ExpressionFlows.identifier(column.getColumnName());
        if (column.getTable() != null && column.getTable().getName() != null) {
            String first = ExpressionFlows.identifier(column.getTable().getName());
            if (protectedTables.column(table, first).isPresent()) {
                return first;
            }
        }
        return name;
    }

    /**
     * Records what {@code value} puts into {@code column}. {@code written} is the target as the
     * statement spells it, or null: a subscript ({@code SET payload['password'] = ..}) puts the value
     * under that property name.
     */
    private void assign(String table, String column, Column written, Expression value, ExpressionFlows.Scope scope) {
        Optional<ProtectedColumn> target = protectedTables.column(table, column);
        if (target.isEmpty()) {
            return;
        }
        ExpressionFlows.Sink sink = new ExpressionFlows.Sink();
        expressions.walkUnder(expressions.subscriptNames(written), value, target.get().kind(), scope, sink);
        for (String reason : sink.opaque) {
            opaque.add(new OpaqueFlow(target.get(), reason));
        }
        if (!sink.slots.isEmpty()) {
            flows.add(new FlowPlan.Flow(target.get(), sink.slots));
        }
    }

    private static Column listed(ExpressionList<Column> columns, int i) {
        return columns != null && i < columns.size() ? columns.get(i) : null;
    }

    /** The INSERT's target columns: as listed, or the table's order when known; null (and failure) otherwise. */
    private List<String> columns(String table, ExpressionList<Column> listed) {
        if (listed != null && !listed.isEmpty()) {
            List<String> names = new ArrayList<>(listed.size());
            for (Column column : listed) {
                names.add(setColumn(table, column));
            }
            return names;
        }
        Optional<List<String>> known = columnOrder.columnsOf(table);
        if (known.isEmpty()) {
            fail("INSERT into protected table " + table + " without a column list: the gateway does not know"
                    + " its column order");
            return null;
        }
        return known.get();
    }

    private static List<List<Expression>> rowsOf(Values values) {
        List<List<Expression>> rows = new ArrayList<>();
        ExpressionList<?> list = values.getExpressions();
        if (list instanceof ParenthesedExpressionList<?>) {
            rows.add(new ArrayList<>(list)); // a single row: the list holds its values
            return rows;
        }
        for (Expression row : list) {
            if (row instanceof ParenthesedExpressionList<?> items) {
                rows.add(new ArrayList<>(items));
            } else {
                rows.add(List.of(row));
            }
        }
        return rows;
    }

    /** Rows of an INSERT's query; returns true when a {@code *} hides which columns are copied. */
    private static boolean selectRows(Select select, List<List<Expression>> rows) {
        if (select instanceof Values values) {
            rows.addAll(rowsOf(values));
            return false;
        }
        if (select instanceof ParenthesedSelect parenthesed) {
            return selectRows(parenthesed.getSelect(), rows);
        }
        if (select instanceof SetOperationList union) {
            boolean star = false;
            for (Select branch : union.getSelects()) {
                star |= selectRows(branch, rows);
            }
            return star;
        }
        if (select instanceof PlainSelect plain) {
            List<Expression> row = new ArrayList<>();
            for (SelectItem<?> item : plain.getSelectItems()) {
                if (item.getExpression() instanceof AllColumns) {
                    return true;
                }
                row.add(item.getExpression());
            }
            rows.add(row);
            return false;
        }
        return true;
    }

    private void fail(String reason) {
        if (failure == null) {
            failure = reason;
        }
    }
}
