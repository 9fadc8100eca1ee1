package io.tracegate.policy.sql;

import io.tracegate.policy.ColumnKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import net.sf.jsqlparser.expression.ArrayConstructor;
import net.sf.jsqlparser.expression.CastExpression;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.JdbcParameter;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.schema.Column;

/**
 * The JSON object builders, for {@link ExpressionFlows}: {@code json[b]_build_object(name, value, ...)},
 * {@code json[b]_object} over {@code ARRAY[...]} and {@code jsonb_set(doc, path, value)} put each value
 * under a property name (or a path of them), and the value's slots are walked under those names, so the engine can mask them whole when the name is
 * sensitive, as the JSON masker masks the value of a sensitive property. A name that is neither a
 * constant nor a parameter (possibly cast to text) is {@link FlowPlan.Key#COMPUTED}.
 */
final class JsonObjects {
    /** Functions building a JSON object from alternating name and value arguments. */
    private static final Set<String> OBJECT_BUILDERS = Set.of("json_build_object", "jsonb_build_object");
    /** Functions building a JSON object from text arrays: one of names and values, or one of each. */
    private static final Set<String> OBJECT_FROM_ARRAYS = Set.of("json_object", "jsonb_object");
    /** {@code f(document, path, value, ...)}: puts a JSON value into a document under a path of names. */
    private static final Set<String> PATH_SETTERS = Set.of("jsonb_set", "jsonb_set_lax", "jsonb_insert");

    private final ExpressionFlows flows;

    JsonObjects(ExpressionFlows flows) {
        this.flows = flows;
    }

    static boolean builds(String function) {
        return OBJECT_BUILDERS.contains(function) || OBJECT_FROM_ARRAYS.contains(function)
                || PATH_SETTERS.contains(function);
    }

    /** Walks a call of {@code function} (one that {@link #builds}) with {@code arguments}. */
    void walk(String function, List<Expression> arguments, ExpressionFlows.Scope scope, ExpressionFlows.Sink sink) {
        if (OBJECT_BUILDERS.contains(function)) {
            pairs(arguments, scope, sink);
        } else if (OBJECT_FROM_ARRAYS.contains(function)) {
            objectFromArrays(function, arguments, scope, sink);
        } else {
            setAtPath(arguments, scope, sink);
        }
    }

    /**
     * {@code jsonb_set(document, path, value [, ...])}: the document is JSON as it stands, the path's
     * names are scanned like any names, and the value is put under them. A path that is neither a
     * constant nor {@code ARRAY[...]} of names is computed: the value is masked whole.
     */
    private void setAtPath(List<Expression> arguments, ExpressionFlows.Scope scope, ExpressionFlows.Sink sink) {
        for (int i = 0; i < arguments.size(); i++) {
            Expression argument = arguments.get(i);
            if (i == 0) {
                flows.walk(argument, ColumnKind.JSON, scope, sink);
            } else if (i == 1) {
                flows.walkName(argument, scope, sink);
            } else if (i == 2) {
                flows.walkUnder(path(arguments.get(1)), argument, ColumnKind.JSON, scope, sink);
            } else {
                flows.walk(argument, ColumnKind.TEXT, scope, sink);
            }
        }
    }

    /** {@code column['a']} as an assignment target: the value goes under the subscripts, each a name. */
    List<FlowPlan.Key> subscripts(Column column) {
        List<Expression> subscripts = arrayElements(column.getArrayConstructor());
        return subscripts.stream().map(this::key).toList();
    }

    /** The names of a path argument: one slot holding the whole text array, one per ARRAY element, or computed. */
    private List<FlowPlan.Key> path(Expression path) {
        Expression plain = path instanceof CastExpression cast && keepsText(cast) ? cast.getLeftExpression() : path;
        if (plain instanceof StringValue s) {
            int slot = flows.slotIndex(s.getValue(), TokenType.STRING);
            return List.of(slot < 0 ? FlowPlan.Key.COMPUTED : new FlowPlan.Key(slot, true));
        }
        List<Expression> elements = arrayElements(plain);
        if (elements != null && !elements.isEmpty()) {
            return elements.stream().map(this::key).toList();
        }
        return List.of(FlowPlan.Key.COMPUTED);
    }

    /**
     * One property of a built object: the name is text like any other (the JSON masker scans names
     * but never masks one whole, even under a sensitive name), the value is walked under the name.
     */
    private void property(Expression name, Expression value, ExpressionFlows.Scope scope, ExpressionFlows.Sink sink) {
        flows.walkName(name, scope, sink);
        if (value != null) {
            flows.walkUnder(key(name), value, scope, sink);
        }
    }

    /** The slot holding a property name, or COMPUTED when the name is an expression the gateway does not evaluate. */
    private FlowPlan.Key key(Expression name) {
        Expression plain = name instanceof CastExpression cast && keepsText(cast) ? cast.getLeftExpression() : name;
        int slot = -1;
        if (plain instanceof StringValue s) {
            slot = flows.slotIndex(s.getValue(), TokenType.STRING);
        } else if (plain instanceof LongValue l) {
            slot = flows.slotIndex(l.getStringValue(), TokenType.NUMBER);
        } else if (plain instanceof JdbcParameter p && p.getIndex() != null) {
            slot = flows.slotIndex(String.valueOf(p.getIndex() - 1), TokenType.PARAMETER);
        }
        return slot < 0 ? FlowPlan.Key.COMPUTED : new FlowPlan.Key(slot);
    }

    /**
     * {@code json[b]_object(ARRAY[n1, v1, n2, v2, ...])}, {@code (ARRAY[[n1, v1], [n2, v2]])} or
     * {@code (ARRAY[n1, n2], ARRAY[v1, v2])}: names paired with values by position. Any other
     * argument (an array literal {@code '{a,b}'}, a parameter, a column) hides which value goes
     * under which name, so a value in it makes the flow opaque.
     */
    private void objectFromArrays(String name, List<Expression> arguments, ExpressionFlows.Scope scope,
            ExpressionFlows.Sink sink) {
        List<Expression> first = arguments.isEmpty() ? null : arrayElements(arguments.get(0));
        if (arguments.size() == 1 && first != null) {
            boolean nested = !first.isEmpty() && first.stream().allMatch(e -> arrayElements(e) != null);
            if (nested) {
                for (Expression pair : first) {
                    pairs(arrayElements(pair), scope, sink);
                }
            } else {
                pairs(first, scope, sink);
            }
            return;
        }
        List<Expression> second = arguments.size() == 2 ? arrayElements(arguments.get(1)) : null;
        if (first != null && second != null) {
            for (int i = 0; i < Math.max(first.size(), second.size()); i++) {
                if (i < first.size()) {
                    property(first.get(i), i < second.size() ? second.get(i) : null, scope, sink);
                } else {
                    // More values than names: the server refuses it; if not, no name can be seen.
                    flows.walkUnder(FlowPlan.Key.COMPUTED, second.get(i), scope, sink);
                }
            }
            return;
        }
        ExpressionFlows.Sink inner = new ExpressionFlows.Sink();
        for (Expression argument : arguments) {
            flows.walk(argument, ColumnKind.TEXT, scope, inner);
        }
        if (!inner.isEmpty()) {
            sink.opaque.add(name + "(...) over an array the gateway cannot split into names and values;"
                    + " write ARRAY[name, value, ...] or use jsonb_build_object");
        }
    }

    private void pairs(List<Expression> flat, ExpressionFlows.Scope scope, ExpressionFlows.Sink sink) {
        for (int i = 0; i < flat.size(); i += 2) {
            property(flat.get(i), i + 1 < flat.size() ? flat.get(i + 1) : null, scope, sink);
        }
    }

    /** The elements of {@code ARRAY[...]} (also cast to text[]), or null for any other expression. */
    private static List<Expression> arrayElements(Expression e) {
        Expression plain = e instanceof CastExpression cast && keepsText(cast) ? cast.getLeftExpression() : e;
        if (plain instanceof ArrayConstructor a) {
            List<Expression> elements = new ArrayList<>();
            if (a.getExpressions() != null) {
                elements.addAll(a.getExpressions());
            }
            return elements;
        }
        return null;
    }

    /**
     * A cast that leaves text as it is: to {@code text} or {@code varchar} without a length (or an
     * array of them). {@code 'password'::varchar(4)} is {@code pass}, and {@code ::char(n)} pads.
     */
    private static boolean keepsText(CastExpression cast) {
        if (cast.getColDataType() == null || cast.getColDataType().getDataType() == null) {
            return false;
        }
        List<String> arguments = cast.getColDataType().getArgumentsStringList();
        String type = ExpressionFlows.identifier(cast.getColDataType().getDataType()).toLowerCase(Locale.ROOT);
        type = type.substring(type.lastIndexOf('.') + 1);
        return (arguments == null || arguments.isEmpty())
                && (type.equals("text") || type.equals("varchar") || type.equals("character varying"));
    }
}
