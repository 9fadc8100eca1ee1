package io.tracegate.proxy.approval.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tracegate.policy.Identity;
import io.tracegate.proxy.approval.ApprovalJson;
import io.tracegate.proxy.approval.ApprovalService;
import io.tracegate.proxy.approval.ApprovalStoreException;
import io.tracegate.proxy.approval.ApprovalView;
import io.tracegate.proxy.approval.DecisionResult;
import io.tracegate.proxy.session.Identities;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reviewers' JSON API under {@code /api}, authenticated by a bearer token per identity:
 * <pre>
 * GET  /api/me                           who the token belongs to
 * GET  /api/approvals[?status=decided]   pending (default) or recently decided requests
 * GET  /api/approvals/{id}
 * POST /api/approvals/{id}/approve       optional body {"reason": "..."}
 * POST /api/approvals/{id}/reject        optional body {"reason": "..."}
 * </pre>
 * 401 without a valid token, 403 for an identity that reviews nothing (or not this request,
 * or its own request), 404 for an unknown id, 409 when already decided. Requests are shown to
 * the identities that may decide them. Handlers may block on the store: run them off the
 * event loops.
 */
public final class ApprovalApi {

    private static final Logger log = LoggerFactory.getLogger(ApprovalApi.class);
    static final String PREFIX = "/api/approvals";
    static final int MAX_REASON = 2000;
    static final int DEFAULT_RECENT = 20;
    static final int MAX_RECENT = 200;

    private final ApprovalService service;
    private final Identities identities;
    private final Set<String> reviewerRoles;
    private final Clock clock;

    /**
     * @param reviewerRoles every role named in some rule's {@code reviewers}: the roles that make
     *                      an identity a reviewer at all
     */
    public ApprovalApi(ApprovalService service, Identities identities, Set<String> reviewerRoles, Clock clock) {
        this.service = service;
        this.identities = identities;
        this.reviewerRoles = Set.copyOf(reviewerRoles);
        this.clock = clock;
    }

    /** Whether {@code path} is one of this API's. */
    public boolean handles(String path) {
        return path.equals("/api/me") || path.equals(PREFIX) || path.startsWith(PREFIX + "/");
    }

    public HttpReply handle(HttpCall call) {
        Optional<Identity> caller = authenticate(call);
        if (caller.isEmpty()) {
            return HttpReply.error(401, "a valid bearer token is required (Authorization: Bearer <token>)")
                    .withHeader("WWW-Authenticate", "Bearer realm=\"tracegate\"");
        }
        try {
            return route(call, caller.get());
        } catch (ApprovalStoreException e) {
            log.error("approval store failed during {} {}: {}", call.method(), call.path(), e.toString());
            return HttpReply.error(503, "the approval store is unavailable; try again");
        }
    }

    private HttpReply route(HttpCall call, Identity caller) {
        if (call.path().equals("/api/me")) {
            if (!call.method().equals("GET")) {
                return methodNotAllowed("GET");
            }
            ObjectNode me = ApprovalJson.MAPPER.createObjectNode();
            me.put("name", caller.name());
            me.set("roles", ApprovalJson.strings(caller.roles()));
            me.put("reviewer", caller.hasAnyRole(reviewerRoles));
            return HttpReply.json(200, me);
        }
        if (!caller.hasAnyRole(reviewerRoles)) {
            return HttpReply.error(403, caller.name() + " holds no reviewer role");
        }
        String rest = call.path().substring(PREFIX.length());
        if (rest.isEmpty() || rest.equals("/")) {
            return call.method().equals("GET") ? list(call, caller) : methodNotAllowed("GET");
        }
        String[] parts = rest.substring(1).split("/", -1);
        if (parts.length == 1) {
            return call.method().equals("GET") ? show(parts[0], caller) : methodNotAllowed("GET");
        }
        if (parts.length == 2 && (parts[1].equals("approve") || parts[1].equals("reject"))) {
            return call.method().equals("POST") ? decide(call, parts[0], caller, parts[1].equals("approve"))
                    : methodNotAllowed("POST");
        }
        return HttpReply.error(404, "no such resource: " + call.path());
    }

    private HttpReply list(HttpCall call, Identity caller) {
        String status = call.query().getOrDefault("status", "pending");
        List<ApprovalView> views;
        if (status.equals("pending")) {
            views = service.pending();
        } else if (status.equals("decided")) {
            int limit;
            try {
                limit = Integer.parseInt(call.query().getOrDefault("limit", Integer.toString(DEFAULT_RECENT)));
            } catch (NumberFormatException e) {
                return HttpReply.error(400, "limit must be a number");
            }
            views = service.recent(Math.max(1, Math.min(limit, MAX_RECENT)));
        } else {
            return HttpReply.error(400, "status must be pending or decided");
        }
        Instant now = clock.instant();
        ArrayNode approvals = ApprovalJson.MAPPER.createArrayNode();
        views.stream().filter(view -> caller.hasAnyRole(view.reviewerRoles()))
                .forEach(view -> approvals.add(ApprovalJson.toJson(view, now)));
        ObjectNode body = ApprovalJson.MAPPER.createObjectNode();
        body.put("now", now.toString());
        body.set("approvals", approvals);
        return HttpReply.json(200, body);
    }

    private HttpReply show(String id, Identity caller) {
        Optional<ApprovalView> found = service.find(id);
        if (found.isEmpty()) {
            return HttpReply.error(404, "no approval request " + id);
        }
        if (!caller.hasAnyRole(found.get().reviewerRoles())) {
            return HttpReply.error(403, caller.name() + " is not a reviewer for rule " + found.get().ruleName());
        }
        return approval(200, found.get(), null);
    }

    private HttpReply decide(HttpCall call, String id, Identity caller, boolean approve) {
        String reason;
        try {
            reason = reason(call.body());
        } catch (IllegalArgumentException e) {
            return HttpReply.error(400, e.getMessage());
        }
        DecisionResult result = service.decide(id, caller, approve, reason);
        if (result instanceof DecisionResult.Decided decided) {
            log.info("approval {} {} by {}", id, decided.approval().status(), caller.name());
            return approval(200, decided.approval(), null);
        } else if (result instanceof DecisionResult.AlreadyDecided already) {
            return approval(409, already.approval(), "approval request " + id + " is already decided: "
                    + already.approval().status());
        } else if (result instanceof DecisionResult.Forbidden forbidden) {
            return HttpReply.error(403, forbidden.message());
        } else {
            return HttpReply.error(404, "no approval request " + id);
        }
    }

    /** The optional {@code {"reason": "..."}} body; an empty body means no reason. */
    static String reason(byte[] body) {
        if (body.length == 0) {
            return "";
        }
        JsonNode node;
        try {
            node = ApprovalJson.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("the body must be JSON such as {\"reason\": \"...\"}");
        }
        if (node == null || node.isMissingNode() || node.isNull()) {
            return "";
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException("the body must be a JSON object such as {\"reason\": \"...\"}");
        }
        JsonNode reason = node.get("reason");
        if (reason == null || reason.isNull()) {
            return "";
        }
        if (!reason.isTextual()) {
            throw new IllegalArgumentException("reason must be a string");
        }
        if (reason.asText().length() > MAX_REASON) {
            throw new IllegalArgumentException("reason is longer than " + MAX_REASON + " characters");
        }
        return reason.asText().strip();
    }

    private HttpReply approval(int status, ApprovalView view, String error) {
        ObjectNode body = ApprovalJson.MAPPER.createObjectNode();
        if (error != null) {
            body.put("error", error);
        }
        body.set("approval", ApprovalJson.toJson(view, clock.instant()));
        return HttpReply.json(status, body);
    }

    private Optional<Identity> authenticate(HttpCall call) {
        Optional<String> header = call.authorization();
        if (header.isEmpty()) {
            return Optional.empty();
        }
        String value = header.get().strip();
        if (value.length() < 7 || !value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        String token = value.substring(7).strip();
        return token.isEmpty() ? Optional.empty() : identities.byApiToken(token);
    }

    private static HttpReply methodNotAllowed(String allowed) {
        return HttpReply.error(405, "method not allowed; use " + allowed).withHeader("Allow", allowed);
    }
}
