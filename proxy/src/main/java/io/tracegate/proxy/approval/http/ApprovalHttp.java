package io.tracegate.proxy.approval.http;

import io.tracegate.policy.config.RuleAction;
import io.tracegate.policy.config.RuleConfig;
import io.tracegate.proxy.approval.ApprovalService;
import io.tracegate.proxy.session.Identities;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Everything the approval flow serves on the admin port: the {@link ApprovalApi} and the
 * {@link ReviewerPage}. The admin server hands each request to {@link #handle} (off its event
 * loop, since the API may wait for the store) and answers 404 itself when this returns empty.
 */
public final class ApprovalHttp {

    private final ApprovalApi api;
    private final ReviewerPage page;

    public ApprovalHttp(ApprovalService service, Identities identities, Set<String> reviewerRoles, Clock clock) {
        this.api = new ApprovalApi(service, identities, reviewerRoles, clock);
        this.page = new ReviewerPage();
    }

    /** For a policy file's rules: reviewers are the roles named in some hold rule's {@code reviewers}. */
    public static ApprovalHttp forRules(ApprovalService service, Identities identities, List<RuleConfig> rules) {
        return new ApprovalHttp(service, identities, reviewerRoles(rules), Clock.systemUTC());
    }

    public static Set<String> reviewerRoles(List<RuleConfig> rules) {
        Set<String> roles = new LinkedHashSet<>();
        for (RuleConfig rule : rules) {
            if (rule.action() == RuleAction.HOLD) {
                roles.addAll(rule.reviewers());
            }
        }
        return roles;
    }

    /** Whether {@code path} is served here. */
    public boolean handles(String path) {
        return api.handles(path) || page.handles(path);
    }

    /** The reply, or empty when the path is not the approval flow's. */
    public Optional<HttpReply> handle(HttpCall call) {
        if (api.handles(call.path())) {
            return Optional.of(api.handle(call));
        }
        if (page.handles(call.path())) {
            return Optional.of(page.handle(call));
        }
        return Optional.empty();
    }
}
