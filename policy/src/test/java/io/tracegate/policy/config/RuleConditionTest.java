package io.tracegate.policy.config;

import static io.tracegate.policy.StatementKind.DELETE;
import static io.tracegate.policy.StatementKind.INSERT;
import static io.tracegate.policy.StatementKind.UPDATE;
import static org.assertj.core.api.Assertions.assertThat;

import io.tracegate.policy.StatementKind;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The shadowing relation behind "rules that can never fire". */
class RuleConditionTest {
    private static RuleCondition when(Set<String> roles, Set<StatementKind> statements, Set<String> tables, Set<String> findings) {
        return new RuleCondition(roles, statements, tables, findings);
    }

    @Test
    void anyCoversEverythingAndOnlyAnyCoversAny() {
        RuleCondition agents = when(Set.of("agent"), Set.of(), Set.of(), Set.of());
        assertThat(RuleCondition.ANY.covers(agents)).isTrue();
        assertThat(RuleCondition.ANY.covers(RuleCondition.ANY)).isTrue();
        assertThat(agents.covers(RuleCondition.ANY)).isFalse();
    }

    @Test
    void aSupersetInEveryDimensionCovers() {
        RuleCondition broad = when(Set.of("agent", "bot"), Set.of(INSERT, UPDATE), Set.of(), Set.of());
        RuleCondition narrow = when(Set.of("agent"), Set.of(INSERT), Set.of("public.t"), Set.of("email"));
        assertThat(broad.covers(narrow)).isTrue();
        assertThat(narrow.covers(broad)).isFalse();
    }

    @Test
    void oneDimensionThatIsNotASupersetBreaksCover() {
        RuleCondition earlier = when(Set.of("agent"), Set.of(INSERT), Set.of(), Set.of());
        assertThat(earlier.covers(when(Set.of("agent"), Set.of(INSERT, DELETE), Set.of(), Set.of()))).isFalse();
        assertThat(earlier.covers(when(Set.of("bot"), Set.of(INSERT), Set.of(), Set.of()))).isFalse();
        // The later rule leaves roles open, so it also matches identities the earlier one does not.
        assertThat(earlier.covers(when(Set.of(), Set.of(INSERT), Set.of(), Set.of()))).isFalse();
    }

    @Test
    void findingsAndTablesFollowTheSameRule() {
        RuleCondition earlier = when(Set.of(), Set.of(), Set.of("public.a"), Set.of("url", "email"));
        assertThat(earlier.covers(when(Set.of(), Set.of(), Set.of("public.a"), Set.of("url")))).isTrue();
        assertThat(earlier.covers(when(Set.of(), Set.of(), Set.of("public.b"), Set.of("url")))).isFalse();
        assertThat(earlier.covers(when(Set.of(), Set.of(), Set.of("public.a"), Set.of()))).isFalse();
    }
}
