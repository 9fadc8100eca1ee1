package io.tracegate.policy.config;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds rules that can never fire, or never be decided, once every section is read:
 * <ul>
 *   <li>a role under {@code when.roles} that no identity has;</li>
 *   <li>a finding type under {@code when.findings} whose detector is not enabled;</li>
 *   <li>a {@code mask} rule naming a table not declared under {@code tables}: masking works on the
 *       declared columns, so there would be nothing to mask (other actions may name any table:
 *       blocking deletes on an unprotected table is a fine rule);</li>
 *   <li>a reviewer role no identity has, or whose holders have no {@code api_token_sha256} and so
 *       could not decide through the admin API;</li>
 *   <li>a rule shadowed by an earlier one whose condition covers it (first match wins).</li>
 * </ul>
 */
final class RuleChecks {
    private RuleChecks() {
    }

    static void check(ReadContext context, List<RuleSections.BoundRule> rules, List<IdentityConfig> identities,
                      List<TableConfig> tables, DetectorsConfig detectors) {
        Set<String> heldRoles = new HashSet<>();
        Set<String> deciderRoles = new HashSet<>();
        for (IdentityConfig identity : identities) {
            heldRoles.addAll(identity.roles());
            if (identity.apiTokenSha256().isPresent()) {
                deciderRoles.addAll(identity.roles());
            }
        }
        Set<String> declaredTables = new HashSet<>();
        tables.forEach(table -> declaredTables.add(table.name()));
        Set<String> findingTypes = detectors.enabledTypes();

        for (RuleSections.BoundRule bound : rules) {
            RuleConfig rule = bound.rule();
            String when = bound.key() + ".when";
            for (String role : rule.when().roles()) {
                if (!heldRoles.contains(role)) {
                    context.errorAt(context.elementKey(when + ".roles", role), "no identity has role '" + role
                            + "', so this rule can never fire" + Suggestions.hint(role, heldRoles));
                }
            }
            for (String finding : rule.when().findings()) {
                if (!findingTypes.contains(finding)) {
                    context.errorAt(context.elementKey(when + ".findings", finding),
                            DetectionSections.notEnabled(finding, findingTypes));
                }
            }
            if (rule.action() == RuleAction.MASK) {
                for (String table : rule.when().tables()) {
                    if (!declaredTables.contains(table)) {
                        context.errorAt(context.elementKey(when + ".tables", table), "table " + table
                                + " is not declared under 'tables', so a mask rule has no columns to mask there");
                    }
                }
            }
            checkReviewers(context, bound, heldRoles, deciderRoles);
        }
        checkShadowing(context, rules);
    }

    private static void checkReviewers(ReadContext context, RuleSections.BoundRule bound, Set<String> heldRoles,
                                       Set<String> deciderRoles) {
        Set<String> reviewers = bound.rule().reviewers();
        String key = bound.key() + ".reviewers";
        boolean anyUnknown = false;
        for (String role : reviewers) {
            if (!heldRoles.contains(role)) {
                anyUnknown = true;
                context.errorAt(context.elementKey(key, role), "no identity has role '" + role
                        + "', so nobody with it could decide" + Suggestions.hint(role, heldRoles));
            }
        }
        if (!anyUnknown && !reviewers.isEmpty() && reviewers.stream().noneMatch(deciderRoles::contains)) {
            context.errorAt(key, "no identity with these roles has an api_token_sha256, so nobody could approve or"
                    + " reject through the admin API and every hold would end rejected");
        }
    }

    private static void checkShadowing(ReadContext context, List<RuleSections.BoundRule> rules) {
        for (int later = 1; later < rules.size(); later++) {
            RuleSections.BoundRule shadowed = rules.get(later);
            if (!shadowed.clean()) {
                continue;
            }
            for (int earlier = 0; earlier < later; earlier++) {
                RuleSections.BoundRule first = rules.get(earlier);
                if (first.clean() && first.rule().when().covers(shadowed.rule().when())) {
                    context.errorAt(shadowed.key(), "rule '" + shadowed.rule().name() + "' can never fire: rule '"
                            + first.rule().name() + "' at line " + context.lineOf(first.key())
                            + " comes first and matches every statement this one matches (first match wins)");
                    break;
                }
            }
        }
    }
}
