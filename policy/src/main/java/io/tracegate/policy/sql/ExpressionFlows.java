package io.tracegate.policy.sql;

import io.tracegate.policy.ColumnKind;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import net.sf.jsqlparser.expression.ArrayConstructor;
import net.sf.jsqlparser.expression.ArrayExpression;
import net.sf.jsqlparser.expression.BinaryExpression;
import net.sf.jsqlparser.expression.BooleanValue;
import net.sf.jsqlparser.expression.CaseExpression;
import net.sf.jsqlparser.expression.CastExpression;
import net.sf.jsqlparser.expression.CollateExpression;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.IntervalExpression;
import net.sf.jsqlparser.expression.JdbcParameter;
import net.sf.jsqlparser.expression.JsonExpression;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.NotExpression;
import net.sf.jsqlparser.expression.NullValue;
import net.sf.jsqlparser.expression.SignedExpression;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.expression.TimeKeyExpression;
import net.sf.jsqlparser.expression.TimezoneExpression;
import net.sf.jsqlparser.expression.WhenClause;
import net.sf.jsqlparser.expression.operators.arithmetic.Addition;
import net.sf.jsqlparser.expression.operators.arithmetic.Concat;
import net.sf.jsqlparser.expression.operators.arithmetic.Division;
import net.sf.jsqlparser.expression.operators.arithmetic.IntegerDivision;
import net.sf.jsqlparser.expression.operators.arithmetic.Modulo;
import net.sf.jsqlparser.expression.operators.arithmetic.Multiplication;
import net.sf.jsqlparser.expression.operators.arithmetic.Subtraction;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.conditional.OrExpression;
import net.sf.jsqlparser.expression.operators.conditional.XorExpression;
import net.sf.jsqlparser.expression.operators.relational.Between;
import net.sf.jsqlparser.expression.operators.relational.ComparisonOperator;
import net.sf.jsqlparser.expression.operators.relational.ExistsExpression;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.InExpression;
import net.sf.jsqlparser.expression.operators.relational.IsBooleanExpression;
import net.sf.jsqlparser.expression.operators.relational.IsDistinctExpression;
import net.sf.jsqlparser.expression.operators.relational.IsNullExpression;
import net.sf.jsqlparser.expression.operators.relational.LikeExpression;
import net.sf.jsqlparser.expression.operators.relational.SimilarToExpression;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.select.Select;

/**
 * Walks one expression that is written into a protected column and records which slots (constants
 * and parameters) flow into the value and how each must be masked, and what the gateway cannot see.
 *
 * <p>Transparent constructs, whose result contains their input as is: casts, {@code ||},
 * arithmetic, ARRAY[...], ROW(...), CASE results, {@code AT TIME ZONE}, JSON field access, and the
 * functions listed below. Boolean-valued expressions carry no value into the column. A function not
 * listed that is given any constant, parameter or column makes the flow opaque: it may encode its
 * input ({@code decode}, {@code convert_from}, {@code translate}, ...) past the detectors.
 *
 * <p>JSON object builders (see {@link JsonObjects}) put each value under a property name; every
 * slot of the value is recorded with the names it ends up under, nested builders adding theirs
 * (see {@link ValueSource#jsonKeys()}).
 */
final class ExpressionFlows {
    /** Functions whose arguments flow into the result unchanged and keep the caller's masking kind. */
    private static final Set<String> PASS_THROUGH = Set.of("coalesce", "nullif", "greatest", "least", "row");
    /** Functions whose arguments are pieces of text in the result (also inside a JSON result). */
    private static final Set<String> TEXT_ARGUMENTS = Set.of(
            "concat", "concat_ws", "format", "lower", "upper", "initcap", "btrim", "ltrim", "rtrim", "trim", "lpad",
            "rpad", "left", "right", "substr", "substring", "array_to_string", "quote_literal", "quote_nullable",
            "quote_ident", "to_json", "to_jsonb", "json_build_array",
            "jsonb_build_array", "array_append", "array_prepend", "array_cat",
            "array_to_json", "row_to_json", "text", "array");
    /** Functions taking JSON documents kept in the result: the positions of those arguments. */
    private static final Map<String, Set<Integer>> JSON_ARGUMENTS = Map.of(
            "jsonb_strip_nulls", Set.of(0), "json_strip_nulls", Set.of(0), "jsonb_pretty", Set.of(0));
    /** Keywords JSqlParser reads as columns that carry no agent data. */
    private static final Set<String> VALUE_KEYWORDS = Set.of(
            "default", "current_user", "session_user", "user", "current_role", "current_catalog", "current_schema",
            "system_user", "localtime", "localtimestamp", "current_date", "current_time", "current_timestamp");
    private static final Set<String> TEXT_TYPES = Set.of(
            "text", "varchar", "character varying", "char", "character", "bpchar", "name", "citext");

    /** What one value contributes: slots with their masking kind, and reasons it is opaque. */
    static final class Sink {
        final List<FlowPlan.Slot> slots = new ArrayList<>();
        final Set<String> opaque = new LinkedHashSet<>();

        boolean isEmpty() {
            return slots.isEmpty() && opaque.isEmpty();
        }
    }

    /**
     * How column references resolve where the expression is evaluated.
     *
     * @param targetNames       names that mean the written row: the table's name and alias
     * @param protectedColumns  the target's protected columns; a reference to one of them in the
     *                          written row is a value already masked when it was stored
     * @param seesTargetRow     unqualified and target-qualified references mean the written row
     *                          (UPDATE, ON CONFLICT DO UPDATE, MERGE ... UPDATE)
     * @param excluded          for ON CONFLICT DO UPDATE: EXCLUDED.column to the expression the
     *                          INSERT gives that column in the row at hand, else null
     * @param excludedComplete  a column missing from {@code excluded} gets its default (no flow)
     * @param excludedScope     the scope the {@code excluded} expressions are evaluated in
     * @param elsewhere         how to describe a reference to anything else, {@code %s} being the column
     */
    record Scope(Set<String> targetNames, Map<String, ColumnKind> protectedColumns, boolean seesTargetRow,
                 Map<String, Expression> excluded, boolean excludedComplete, Scope excludedScope, String elsewhere) {
    }

    private final TokenType[] slotTypes;
    private String mismatch;
    private final JsonObjects jsonObjects = new JsonObjects(this);
    /** The property names the expression being walked is placed under, outermost first. */
    private List<FlowPlan.Key> keys = new ArrayList<>();

    ExpressionFlows(TokenType[] slotTypes) {
        this.slotTypes = slotTypes;
    }

    /** Set when a placeholder came back as a node of the wrong kind: the shape mapping cannot be trusted. */
    String mismatch() {
        return mismatch;
    }

    void walk(Expression e, ColumnKind kind, Scope scope, Sink sink) {
        if (e == null || e instanceof NullValue || e instanceof BooleanValue || e instanceof TimeKeyExpression
                || isBoolean(e)) {
            return;
        }
        if (e instanceof StringValue s) {
            slot(s.getValue(), TokenType.STRING, kind, sink);
        } else if (e instanceof LongValue l) {
            slot(l.getStringValue(), TokenType.NUMBER, kind, sink);
        } else if (e instanceof JdbcParameter p) {
            slot(p.getIndex() == null ? "" : String.valueOf(p.getIndex() - 1), TokenType.PARAMETER, kind, sink);
        } else if (e instanceof SignedExpression s) {
            walk(s.getExpression(), kind, scope, sink);
        } else if (e instanceof CastExpression c) {
            walk(c.getLeftExpression(), castKind(c, kind), scope, sink);
        } else if (e instanceof Concat c) {
            // text || text, or jsonb || jsonb: both sides are pieces of the same kind as the whole.
            walk(c.getLeftExpression(), kind, scope, sink);
            walk(c.getRightExpression(), kind, scope, sink);
        } else if (e instanceof Addition || e instanceof Subtraction || e instanceof Multiplication
                || e instanceof Division || e instanceof IntegerDivision || e instanceof Modulo) {
            // Numbers, intervals, or jsonb minus a key: the right side is never a JSON document.
            BinaryExpression b = (BinaryExpression) e;
            walk(b.getLeftExpression(), kind, scope, sink);
            walk(b.getRightExpression(), ColumnKind.TEXT, scope, sink);
        } else if (e instanceof ExpressionList<?> list) {
            for (Expression item : list) {
                walk(item, kind, scope, sink);
            }
        } else if (e instanceof ArrayConstructor a) {
            if (a.getExpressions() != null) {
                for (Expression item : a.getExpressions()) {
                    walk(item, kind, scope, sink);
                }
            }
        } else if (e instanceof ArrayExpression a) {
            walk(a.getObjExpression(), kind, scope, sink);
        } else if (e instanceof JsonExpression j) {
            walk(j.getExpression(), kind, scope, sink);
        } else if (e instanceof TimezoneExpression tz) {
            walk(tz.getLeftExpression(), kind, scope, sink);
        } else if (e instanceof CollateExpression c) {
            walk(c.getLeftExpression(), kind, scope, sink);
        } else if (e instanceof IntervalExpression i) {
            if (i.getExpression() != null) {
                walk(i.getExpression(), kind, scope, sink);
            } else {
                slot(unquote(i.getParameter()), TokenType.STRING, kind, sink);
            }
        } else if (e instanceof CaseExpression c) {
            for (WhenClause when : c.getWhenClauses()) {
                walk(when.getThenExpression(), kind, scope, sink);
            }
            walk(c.getElseExpression(), kind, scope, sink);
        } else if (e instanceof Function f) {
            function(f, kind, scope, sink);
        } else if (e instanceof Column c) {
            column(c, kind, scope, sink);
        } else if (e instanceof Select) {
            sink.opaque.add("value computed by a subquery");
        } else {
            sink.opaque.add("expression not understood (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static boolean isBoolean(Expression e) {
        return e instanceof AndExpression || e instanceof OrExpression || e instanceof XorExpression
                || e instanceof NotExpression || e instanceof ComparisonOperator || e instanceof Between
                || e instanceof ExistsExpression || e instanceof InExpression || e instanceof IsBooleanExpression
                || e instanceof IsDistinctExpression || e instanceof IsNullExpression || e instanceof LikeExpression
                || e instanceof SimilarToExpression;
    }

    private void slot(String placeholder, TokenType expected, ColumnKind kind, Sink sink) {
        int slot = slotIndex(placeholder, expected);
        if (slot < 0) {
            if (mismatch == null) {
                mismatch = "parsed constant does not match the statement's constants";
            }
            sink.opaque.add("constant not recognised");
            return;
        }
        sink.slots.add(new FlowPlan.Slot(slot, kind, keys));
    }

    /** The slot a placeholder names, or -1 when it names none of the expected type. */
    int slotIndex(String placeholder, TokenType expected) {
        int slot;
        try {
            slot = Integer.parseInt(placeholder);
        } catch (NumberFormatException ex) {
            return -1;
        }
        return slot >= 0 && slot < slotTypes.length && slotTypes[slot] == expected ? slot : -1;
    }

    private static String unquote(String text) {
        if (text != null && text.length() >= 2 && text.startsWith("'") && text.endsWith("'")) {
            return text.substring(1, text.length() - 1);
        }
        return text == null ? "" : text;
    }

    private static ColumnKind castKind(CastExpression cast, ColumnKind kind) {
        if (cast.getColDataType() == null || cast.getColDataType().getDataType() == null) {
            return kind;
        }
        String type = identifier(cast.getColDataType().getDataType()).toLowerCase(Locale.ROOT);
        int dot = type.lastIndexOf('.');
        type = dot >= 0 ? type.substring(dot + 1) : type;
        if (type.equals("json") || type.equals("jsonb")) {
            return ColumnKind.JSON;
        }
        return TEXT_TYPES.contains(type) ? ColumnKind.TEXT : kind;
    }

    private void function(Function f, ColumnKind kind, Scope scope, Sink sink) {
        List<String> parts = f.getMultipartName();
        String name = identifier(parts == null || parts.isEmpty() ? f.getName() : parts.get(parts.size() - 1));
        List<Expression> arguments = new ArrayList<>();
        if (f.getParameters() != null) {
            arguments.addAll(f.getParameters());
        }
        if (f.getNamedParameters() != null) {
            arguments.addAll(f.getNamedParameters());
        }
        if (f.getAttribute() != null) {
            sink.opaque.add("field of a function result");
            return;
        }
        if (JsonObjects.builds(name)) {
            jsonObjects.walk(name, arguments, scope, sink);
            return;
        }
        Set<Integer> jsonPositions = JSON_ARGUMENTS.get(name);
        if (PASS_THROUGH.contains(name) || TEXT_ARGUMENTS.contains(name) || jsonPositions != null) {
            for (int i = 0; i < arguments.size(); i++) {
                ColumnKind argumentKind = PASS_THROUGH.contains(name) ? kind
                        : jsonPositions != null && jsonPositions.contains(i) ? ColumnKind.JSON : ColumnKind.TEXT;
                walk(arguments.get(i), argumentKind, scope, sink);
            }
            return;
        }
        Sink inner = new Sink();
        for (Expression argument : arguments) {
            walk(argument, ColumnKind.TEXT, scope, inner);
        }
        if (!inner.isEmpty()) {
            sink.opaque.add("function " + name + "(...) may transform its arguments beyond what the gateway checks");
        }
    }

    /** Walks {@code e} as (part of) a value a JSON builder puts under property name {@code key}. */
    void walkUnder(FlowPlan.Key key, Expression e, Scope scope, Sink sink) {
        walkUnder(List.of(key), e, ColumnKind.TEXT, scope, sink);
    }

    /** Walks {@code e}, of {@code kind}, as a value put under the property names {@code path}, outermost first. */
    void walkUnder(List<FlowPlan.Key> path, Expression e, ColumnKind kind, Scope scope, Sink sink) {
        int depth = keys.size();
        keys.addAll(path);
        walk(e, kind, scope, sink);
        keys.subList(depth, keys.size()).clear();
    }

    /** The names a subscripted assignment target puts its value under ({@code payload['k']}); empty for a plain column. */
    List<FlowPlan.Key> subscriptNames(Column target) {
        return target == null || target.getArrayConstructor() == null ? List.of() : jsonObjects.subscripts(target);
    }

    /**
     * Walks {@code e} as a property name: text like any other, scanned by detectors but never masked
     * whole, even under a sensitive name (as the JSON masker treats names), so outside any names.
     */
    void walkName(Expression e, Scope scope, Sink sink) {
        List<FlowPlan.Key> outer = keys;
        keys = new ArrayList<>();
        walk(e, ColumnKind.TEXT, scope, sink);
        keys = outer;
    }

    private void column(Column c, ColumnKind kind, Scope scope, Sink sink) {
        String rawName = c.getColumnName();
        String name = identifier(rawName);
        String qualifier = c.getTable() == null || c.getTable().getName() == null ? null
                : identifier(c.getTable().getName());
        if (qualifier == null && !rawName.startsWith("\"") && VALUE_KEYWORDS.contains(name)) {
            return;
        }
        if ("excluded".equals(qualifier) && scope.excluded() != null) {
            Expression inserted = scope.excluded().get(name);
            if (inserted != null) {
                walk(inserted, kind, scope.excludedScope(), sink);
            } else if (!scope.excludedComplete()) {
                sink.opaque.add("EXCLUDED." + name + " cannot be traced to the inserted values");
            }
            return;
        }
        boolean targetRow = scope.seesTargetRow() && (qualifier == null || scope.targetNames().contains(qualifier));
        if (targetRow && scope.protectedColumns().containsKey(name)) {
            return; // a protected value of the same row: masked when it was written
        }
        sink.opaque.add(String.format(scope.elsewhere(), name));
    }

    /** An identifier as JSqlParser returns it: {@code "Quoted"} loses its quotes, a plain one is kept. */
    static String identifier(String raw) {
        if (raw != null && raw.length() >= 2 && raw.startsWith("\"") && raw.endsWith("\"")) {
            return raw.substring(1, raw.length() - 1).replace("\"\"", "\"");
        }
        return raw;
    }
}
