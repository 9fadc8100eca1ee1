package io.tracegate.proxy.approval.http;

import io.tracegate.proxy.admin.AdminHandler;
import io.tracegate.proxy.admin.AdminRequest;
import io.tracegate.proxy.admin.AdminResponse;

/** Serves the approvals API and the reviewer page on the admin port. */
public final class ApprovalAdminHandler implements AdminHandler {

    private final ApprovalHttp http;

    public ApprovalAdminHandler(ApprovalHttp http) {
        this.http = http;
    }

    @Override
    public AdminResponse handle(AdminRequest request) {
        HttpReply reply = http.handle(new HttpCall(request.method(), request.path(), request.queryFirstValues(),
                        request.header("authorization"), request.body()))
                .orElseGet(() -> HttpReply.error(404, "not found"));
        return new AdminResponse(reply.status(), reply.contentType(), reply.body(), reply.headers());
    }
}
