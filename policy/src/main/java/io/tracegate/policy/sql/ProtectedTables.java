package io.tracegate.policy.sql;

import io.tracegate.policy.ColumnKind;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The protected tables and their protected columns, with names in canonical form
 * ({@code schema.table}, columns folded unless quoted) so they compare equal to what the lexer
 * produces. Built from the policy file's {@code tables} section.
 */
public final class ProtectedTables {
    public static final ProtectedTables NONE = new ProtectedTables(Map.of());

    private final Map<String, Map<String, ColumnKind>> tables;
    private final Set<String> tableNames;

    private ProtectedTables(Map<String, Map<String, ColumnKind>> tables) {
        this.tables = tables;
        Set<String> names = new HashSet<>();
        for (String qualified : tables.keySet()) {
            names.add(qualified.substring(qualified.indexOf('.') + 1));
        }
        this.tableNames = Set.copyOf(names);
    }

    /**
     * @param tables table name as written in the policy file ({@code agent_traces},
     *               {@code public.agent_traces}, {@code "Mixed"."Case"}) to its protected columns
     *               (names as written) and their kinds
     */
    public static ProtectedTables of(Map<String, Map<String, ColumnKind>> tables) {
        Map<String, Map<String, ColumnKind>> canonical = new LinkedHashMap<>();
        tables.forEach((table, columns) -> {
            Map<String, ColumnKind> cols = new LinkedHashMap<>();
            columns.forEach((column, kind) -> cols.put(Identifiers.canonicalColumnName(column), kind));
            canonical.merge(Identifiers.canonicalTableName(table), Map.copyOf(cols), (a, b) -> {
                throw new IllegalArgumentException("table listed twice: " + table);
            });
        });
        return new ProtectedTables(Map.copyOf(canonical));
    }

    public Set<String> names() {
        return tables.keySet();
    }

    /** The protected tables' own names, without schema, as an identifier token's value would hold them. */
    public Set<String> tableNames() {
        return tableNames;
    }

    public boolean isProtected(String canonicalTable) {
        return tables.containsKey(canonicalTable);
    }

    /** The protected columns of a table (empty map when it is not protected). */
    public Map<String, ColumnKind> columns(String canonicalTable) {
        return tables.getOrDefault(canonicalTable, Map.of());
    }

    public Optional<ProtectedColumn> column(String canonicalTable, String canonicalColumn) {
        ColumnKind kind = columns(canonicalTable).get(canonicalColumn);
        return kind == null ? Optional.empty() : Optional.of(new ProtectedColumn(canonicalTable, canonicalColumn, kind));
    }
}
