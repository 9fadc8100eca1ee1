package io.tracegate.policy.config;

import io.tracegate.policy.StatementKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Reads {@code rules}: each rule on its own; cross-section checks are in {@link RuleChecks}. */
final class RuleSections {
    /**
     * A rule with the key it came from. {@code clean} is false when reading it found errors: such a
     * rule may have lost a misspelt value and so look broader than written, and must not be used to
     * call other rules unreachable.
     */
    record BoundRule(RuleConfig rule, String key, boolean clean) {
    }

    private static final Map<String, RuleAction> ACTIONS =
            MapReader.spellings(RuleAction.values(), a -> a.name().toLowerCase(Locale.ROOT));
    private static final List<String> STATEMENT_NAMES =
            Arrays.stream(StatementKind.values()).map(StatementKind::policyName).collect(Collectors.toList());

    private RuleSections() {
    }

    static List<BoundRule> rules(MapReader root) {
        ReadContext context = root.context();
        List<BoundRule> rules = new ArrayList<>();
        Map<String, Integer> lineOfName = new HashMap<>();
        for (MapReader.Element element : root.sequence("rules")) {
            int errorsBefore = context.errorCount();
            Optional<MapReader> entry = MapReader.ofEntry(context, element);
            if (entry.isEmpty()) {
                continue;
            }
            MapReader rule = entry.get();
            String name = rule.requiredString("name");
            if (!name.isEmpty()) {
                Integer earlier = lineOfName.putIfAbsent(name, context.lineOf(rule.key("name")));
                if (earlier != null) {
                    context.errorAt(rule.key("name"), "rule '" + name + "' is already defined at line " + earlier
                            + "; names must be unique because audit events and errors name the rule");
                }
            }
            RuleCondition when = condition(rule.mapping("when"));
            String actionText = rule.requiredString("action");
            RuleAction action = actionText.isEmpty() ? RuleAction.ALLOW
                    : rule.choice("action", RuleAction.ALLOW, ACTIONS);
            Set<String> reviewers = new LinkedHashSet<>();
            for (MapReader.Value reviewer : rule.strings("reviewers")) {
                reviewers.add(reviewer.text());
                context.noteElement(rule.key("reviewers"), reviewer.text(), reviewer.key());
            }
            Optional<Duration> timeout = rule.optionalDuration("timeout");
            checkHold(rule, actionText.isEmpty() ? null : action, reviewers);
            rule.finish();
            rules.add(new BoundRule(new RuleConfig(name, when, action, reviewers, timeout), element.key(),
                    context.errorCount() == errorsBefore));
        }
        return rules;
    }

    private static void checkHold(MapReader rule, RuleAction action, Set<String> reviewers) {
        ReadContext context = rule.context();
        if (action == RuleAction.HOLD && reviewers.isEmpty() && !rule.contains("reviewers")) {
            context.errorAt(rule.key("action"), "hold needs 'reviewers': the roles whose holders may approve or reject");
        } else if (action == RuleAction.HOLD && reviewers.isEmpty()) {
            context.errorAt(rule.key("reviewers"), "is empty; a hold needs at least one reviewer role");
        }
        if (action != null && action != RuleAction.HOLD) {
            String actionName = action.name().toLowerCase(Locale.ROOT);
            if (rule.contains("reviewers")) {
                context.errorAt(rule.key("reviewers"), "only a hold has reviewers; this rule's action is " + actionName);
            }
            if (rule.contains("timeout")) {
                context.errorAt(rule.key("timeout"), "only a hold has a timeout; this rule's action is " + actionName);
            }
        }
    }

    private static RuleCondition condition(MapReader when) {
        ReadContext context = when.context();
        Set<String> roles = new LinkedHashSet<>();
        for (MapReader.Value role : when.strings("roles")) {
            roles.add(role.text());
            context.noteElement(when.key("roles"), role.text(), role.key());
        }
        Set<StatementKind> statements = new LinkedHashSet<>();
        for (MapReader.Value value : when.strings("statements")) {
            Optional<StatementKind> kind = StatementKind.fromPolicyName(value.text());
            if (kind.isPresent()) {
                statements.add(kind.get());
            } else {
                context.error(value.key(), value.line(), "unknown statement kind '" + value.text() + "'"
                        + Suggestions.hint(value.text(), STATEMENT_NAMES) + "; expected one of: "
                        + String.join(", ", STATEMENT_NAMES));
            }
        }
        Set<String> tables = new LinkedHashSet<>();
        for (MapReader.Value value : when.strings("tables")) {
            try {
                String table = TableNames.normalize(value.text());
                tables.add(table);
                context.noteElement(when.key("tables"), table, value.key());
            } catch (IllegalArgumentException e) {
                context.error(value.key(), value.line(), e.getMessage());
            }
        }
        Set<String> findings = new LinkedHashSet<>();
        for (MapReader.Value finding : when.strings("findings")) {
            findings.add(finding.text());
            context.noteElement(when.key("findings"), finding.text(), finding.key());
        }
        when.finish();
        return new RuleCondition(roles, statements, tables, findings);
    }
}
