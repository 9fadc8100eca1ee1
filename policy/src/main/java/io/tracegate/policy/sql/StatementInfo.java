package io.tracegate.policy.sql;

import io.tracegate.policy.StatementKind;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What the lexer-level classification found in one statement, without a full parse.
 *
 * @param kind                 the statement's kind for rules; when a statement does several things the
 *                             most sensitive wins (see {@link StatementClassifier})
 * @param tables               every relation it names, canonical {@code schema.table}, lower case
 *                             unless quoted, unqualified names in {@code public}; names of the
 *                             statement's own top-level CTEs are left out
 * @param writeTargets         relations whose rows it inserts, updates, deletes, merges, copies into
 *                             or truncates, and tables it creates from a query
 * @param copy                 the COPY details when the statement is a COPY
 * @param opaque               why the gateway cannot see what this statement writes (DO block, SQL-level
 *                             PREPARE/EXECUTE, CALL); empty for ordinary statements
 * @param mayChangeSqlSettings running it may change {@code standard_conforming_strings} or
 *                             {@code search_path} for statements after it (SET, RESET, set_config,
 *                             DISCARD ALL, and transaction ends that revert a SET LOCAL)
 * @param mayChangeSearchPath  running it may change {@code search_path}, and so which table an
 *                             unqualified name means, for the very next statement of the same Query
 *                             (a subset of {@code mayChangeSqlSettings}: the server reads a whole Query
 *                             string with the {@code standard_conforming_strings} in force when it
 *                             arrived, so a change of that setting only affects later messages)
 * @param problem              why the classification may be incomplete: a malformed token or a shape the
 *                             classifier does not understand. Callers fail closed on it.
 */
public record StatementInfo(
        StatementKind kind,
        Set<String> tables,
        Set<String> writeTargets,
        Optional<CopySpec> copy,
        Optional<String> opaque,
        boolean mayChangeSqlSettings,
        boolean mayChangeSearchPath,
        Optional<String> problem) {

    public StatementInfo {
        Objects.requireNonNull(kind, "kind");
        tables = Set.copyOf(tables);
        writeTargets = Set.copyOf(writeTargets);
        Objects.requireNonNull(copy, "copy");
        Objects.requireNonNull(opaque, "opaque");
        Objects.requireNonNull(problem, "problem");
    }

    /** True when the statement writes rows of any of {@code protectedTables}. */
    public boolean writesAny(Set<String> protectedTables) {
        for (String target : writeTargets) {
            if (protectedTables.contains(target)) {
                return true;
            }
        }
        return false;
    }

    /** True when the statement names any of {@code protectedTables}. */
    public boolean touchesAny(Set<String> protectedTables) {
        for (String table : tables) {
            if (protectedTables.contains(table)) {
                return true;
            }
        }
        return false;
    }
}
