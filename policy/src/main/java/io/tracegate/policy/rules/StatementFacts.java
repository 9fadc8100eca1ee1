package io.tracegate.policy.rules;

import io.tracegate.policy.StatementKind;
import java.util.Objects;
import java.util.Set;

/**
 * What rules look at in one statement.
 *
 * @param tables       tables the statement touches, schema-qualified as
 *                     {@link io.tracegate.policy.config.TableNames#normalize} writes them
 * @param findingTypes detector types found in the statement's values (never the values)
 */
public record StatementFacts(StatementKind kind, Set<String> tables, Set<String> findingTypes) {
    public StatementFacts {
        Objects.requireNonNull(kind, "kind");
        tables = Set.copyOf(tables);
        findingTypes = Set.copyOf(findingTypes);
    }

    /** A statement that touches no table and carries no finding. */
    public static StatementFacts of(StatementKind kind) {
        return new StatementFacts(kind, Set.of(), Set.of());
    }
}
