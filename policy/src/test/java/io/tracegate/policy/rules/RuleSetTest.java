package io.tracegate.policy.rules;

import static io.tracegate.policy.StatementKind.DELETE;
import static io.tracegate.policy.StatementKind.INSERT;
import static io.tracegate.policy.StatementKind.SELECT;
import static io.tracegate.policy.StatementKind.UPDATE;
import static org.assertj.core.api.Assertions.assertThat;

import io.tracegate.policy.Identity;
import io.tracegate.policy.StatementKind;
import io.tracegate.policy.config.RuleAction;
import io.tracegate.policy.config.RuleCondition;
import io.tracegate.policy.config.RuleConfig;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RuleSetTest {
    private static final Identity AGENT = new Identity("agent-7", Set.of("agent"));
    private static final Identity REVIEWER = new Identity("alice", Set.of("reviewer"));
    private static final Identity BOTH = new Identity("ops", Set.of("ops", "agent"));

    private static RuleConfig rule(String name, RuleAction action, Set<String> roles, Set<StatementKind> statements,
                                   Set<String> tables, Set<String> findings) {
        return new RuleConfig(name, new RuleCondition(roles, statements, tables, findings), action, Set.of(), Optional.empty());
    }

    private static StatementFacts facts(StatementKind kind, Set<String> tables, Set<String> findings) {
        return new StatementFacts(kind, tables, findings);
    }

    @Test
    void noRulesAllowsUnderTheDefaultName() {
        RuleMatch match = RuleSet.of(List.of()).match(AGENT, StatementFacts.of(DELETE));
        assertThat(match).isEqualTo(new RuleMatch("(default)", RuleAction.ALLOW, Set.of(), Optional.empty()));
        assertThat(match.ruleName()).isEqualTo(RuleSet.DEFAULT_RULE_NAME);
    }

    @Test
    void theFirstMatchingRuleWins() {
        RuleSet rules = RuleSet.of(List.of(
                rule("block-deletes", RuleAction.BLOCK, Set.of("agent"), Set.of(DELETE), Set.of(), Set.of()),
                rule("agents", RuleAction.MASK, Set.of("agent"), Set.of(), Set.of(), Set.of()),
                rule("everyone", RuleAction.ALLOW, Set.of(), Set.of(), Set.of(), Set.of())));

        assertThat(rules.match(AGENT, StatementFacts.of(DELETE)).ruleName()).isEqualTo("block-deletes");
        assertThat(rules.match(AGENT, StatementFacts.of(SELECT)).ruleName()).isEqualTo("agents");
        assertThat(rules.match(REVIEWER, StatementFacts.of(DELETE)).ruleName()).isEqualTo("everyone");
    }

    @Test
    void rolesMatchWhenTheIdentityHasAnyOfThem() {
        RuleSet rules = RuleSet.of(List.of(rule("r", RuleAction.BLOCK, Set.of("bot", "agent"), Set.of(), Set.of(), Set.of())));
        assertThat(rules.match(AGENT, StatementFacts.of(SELECT)).ruleName()).isEqualTo("r");
        assertThat(rules.match(BOTH, StatementFacts.of(SELECT)).ruleName()).isEqualTo("r");
        assertThat(rules.match(REVIEWER, StatementFacts.of(SELECT)).ruleName()).isEqualTo("(default)");
        assertThat(rules.match(new Identity("nobody", Set.of()), StatementFacts.of(SELECT)).ruleName()).isEqualTo("(default)");
    }

    @Test
    void statementsMatchWhenTheKindIsListed() {
        RuleSet rules = RuleSet.of(List.of(rule("w", RuleAction.BLOCK, Set.of(), Set.of(INSERT, UPDATE), Set.of(), Set.of())));
        assertThat(rules.match(AGENT, StatementFacts.of(UPDATE)).ruleName()).isEqualTo("w");
        assertThat(rules.match(AGENT, StatementFacts.of(SELECT)).ruleName()).isEqualTo("(default)");
    }

    @Test
    void tablesMatchWhenTheStatementTouchesAnyListedTable() {
        RuleSet rules = RuleSet.of(List.of(rule("t", RuleAction.MASK, Set.of(), Set.of(), Set.of("public.agent_traces"), Set.of())));
        assertThat(rules.match(AGENT, facts(INSERT, Set.of("public.users", "public.agent_traces"), Set.of())).ruleName())
                .isEqualTo("t");
        assertThat(rules.match(AGENT, facts(INSERT, Set.of("public.users"), Set.of())).ruleName()).isEqualTo("(default)");
        assertThat(rules.match(AGENT, facts(INSERT, Set.of(), Set.of())).ruleName()).isEqualTo("(default)");
    }

    @Test
    void findingsMatchWhenAnyListedTypeIsPresent() {
        RuleSet rules = RuleSet.of(List.of(rule("f", RuleAction.BLOCK, Set.of(), Set.of(), Set.of(), Set.of("url", "shell_command"))));
        assertThat(rules.match(AGENT, facts(INSERT, Set.of(), Set.of("email", "shell_command"))).ruleName()).isEqualTo("f");
        assertThat(rules.match(AGENT, facts(INSERT, Set.of(), Set.of("email"))).ruleName()).isEqualTo("(default)");
    }

    @Test
    void everyNonEmptyDimensionMustMatch() {
        RuleSet rules = RuleSet.of(List.of(rule("all4", RuleAction.BLOCK, Set.of("agent"), Set.of(INSERT),
                Set.of("public.t"), Set.of("url"))));
        StatementFacts hit = facts(INSERT, Set.of("public.t"), Set.of("url"));
        assertThat(rules.match(AGENT, hit).ruleName()).isEqualTo("all4");
        assertThat(rules.match(REVIEWER, hit).ruleName()).isEqualTo("(default)");
        assertThat(rules.match(AGENT, facts(UPDATE, Set.of("public.t"), Set.of("url"))).ruleName()).isEqualTo("(default)");
        assertThat(rules.match(AGENT, facts(INSERT, Set.of("public.u"), Set.of("url"))).ruleName()).isEqualTo("(default)");
        assertThat(rules.match(AGENT, facts(INSERT, Set.of("public.t"), Set.of("email"))).ruleName()).isEqualTo("(default)");
    }

    @Test
    void aHoldCarriesItsReviewersAndTimeout() {
        RuleConfig hold = new RuleConfig("exfil", new RuleCondition(Set.of("agent"), Set.of(), Set.of(), Set.of("url")),
                RuleAction.HOLD, Set.of("reviewer"), Optional.of(Duration.ofMinutes(10)));
        RuleMatch match = RuleSet.of(List.of(hold)).match(AGENT, facts(INSERT, Set.of(), Set.of("url")));
        assertThat(match).isEqualTo(new RuleMatch("exfil", RuleAction.HOLD, Set.of("reviewer"), Optional.of(Duration.ofMinutes(10))));
    }
}
