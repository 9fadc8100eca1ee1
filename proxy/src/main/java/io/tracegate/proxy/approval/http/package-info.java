/**
 * The approval flow on the admin port: the bearer-token JSON API under {@code /api/approvals},
 * the reviewer page at {@code /}, and {@link io.tracegate.proxy.approval.http.NettyHttp} to plug
 * both into a Netty HTTP server. Handlers are plain request-in, response-out classes
 * ({@link io.tracegate.proxy.approval.http.HttpCall}, {@link io.tracegate.proxy.approval.http.HttpReply}).
 */
package io.tracegate.proxy.approval.http;
