package io.tracegate.policy.engine;

import io.tracegate.policy.ColumnKind;
import java.util.List;
import java.util.Map;

/**
 * How to mask the rows of a {@code COPY ... FROM STDIN} into a protected table.
 *
 * @param table            schema-qualified table
 * @param columns          the columns each row carries, in order
 * @param protectedColumns 0-based positions in {@code columns} that must be masked, and how
 * @param format           text or CSV (binary COPY into a protected table is refused, never planned)
 * @param delimiter        field delimiter (tab for text, comma for CSV unless set)
 * @param quote            CSV quote character
 * @param escape           CSV escape character
 * @param nullString       the NULL marker ({@code \N} for text, empty for CSV unless set)
 * @param header           CSV/text HEADER: the first line is column names, not data
 */
public record CopyPlan(String table, List<String> columns, Map<Integer, ColumnKind> protectedColumns,
        Format format, char delimiter, char quote, char escape, String nullString, boolean header) {

    /** COPY's row formats the gateway can rewrite. */
    public enum Format { TEXT, CSV }

    public CopyPlan {
        columns = List.copyOf(columns);
        protectedColumns = Map.copyOf(protectedColumns);
    }
}
