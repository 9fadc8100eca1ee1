/**
 * SQL as the gateway reads it, without a round trip to the server.
 *
 * <ol>
 *   <li>{@link io.tracegate.policy.sql.SqlLexer} tokenises SQL exactly as PostgreSQL's scanner does
 *       (every string constant form, decoded under {@code standard_conforming_strings}); malformed
 *       input gives error tokens, never exceptions.</li>
 *   <li>{@link io.tracegate.policy.sql.SqlStatement#parseAll} splits a Query into statements;
 *       {@link io.tracegate.policy.sql.StatementClassifier} gives each a
 *       {@link io.tracegate.policy.sql.StatementInfo} (kind, tables, write targets, COPY options,
 *       opacity) in linear time, with no parser.</li>
 *   <li>Only statements that write a protected table reach
 *       {@link io.tracegate.policy.sql.WriteAnalyzer}, which parses the statement's shape (literals
 *       replaced by placeholders) with JSqlParser once per shape and reports, as a
 *       {@link io.tracegate.policy.sql.WriteAnalysis}, which constants and parameters flow into
 *       protected columns, and under which JSON property names JSON builders put them
 *       ({@link io.tracegate.policy.sql.JsonKey}).</li>
 *   <li>{@link io.tracegate.policy.sql.LiteralRewriter} writes masked values back into the SQL text,
 *       changing nothing but those constants.</li>
 * </ol>
 *
 * <p>Names are canonical everywhere: {@code schema.table}, folded unless quoted, unqualified names
 * in {@code public} (the gateway does not track {@code search_path}; statements that change it are
 * flagged by {@link io.tracegate.policy.sql.StatementInfo#mayChangeSearchPath()}).
 */
package io.tracegate.policy.sql;
