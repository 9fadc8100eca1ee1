package io.tracegate.policy;

/** How a protected column's values are masked. */
public enum ColumnKind {
    /** The whole value is text; findings are replaced inside it. */
    TEXT,
    /** The value is a JSON document; findings are replaced inside its string values, structure kept. */
    JSON
}
