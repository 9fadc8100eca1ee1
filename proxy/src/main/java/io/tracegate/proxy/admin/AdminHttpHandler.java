package io.tracegate.proxy.admin;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns each aggregated HTTP request into an {@link AdminRequest}, runs its route's handler
 * on the worker executor and writes the answer back. Shared by all admin connections.
 */
@ChannelHandler.Sharable
final class AdminHttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger log = LoggerFactory.getLogger(AdminHttpHandler.class);

    private final AdminRoutes routes;
    private final Executor workers;

    AdminHttpHandler(AdminRoutes routes, Executor workers) {
        this.routes = routes;
        this.workers = workers;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        boolean head = request.method().equals(HttpMethod.HEAD);
        if (!request.decoderResult().isSuccess()) {
            respond(ctx, AdminResponse.text(400, "bad request"), false, false);
            return;
        }
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        String method = request.method().name().toUpperCase(Locale.ROOT);
        AdminRoutes.Lookup lookup = routes.find(method, uri.path());
        if (lookup instanceof AdminRoutes.NotFound) {
            respond(ctx, AdminResponse.text(404, "not found: " + uri.path()), keepAlive, head);
            return;
        }
        if (lookup instanceof AdminRoutes.WrongMethod wrong) {
            respond(ctx, AdminResponse.text(405, "method not allowed").withHeader("Allow",
                    String.join(", ", wrong.allowed())), keepAlive, head);
            return;
        }
        AdminRoutes.Found found = (AdminRoutes.Found) lookup;
        Map<String, String> headers = new HashMap<>();
        request.headers().forEach(header -> headers.putIfAbsent(header.getKey().toLowerCase(Locale.ROOT), header.getValue()));
        AdminRequest adminRequest = new AdminRequest(method, uri.path(), found.pathParams(), uri.parameters(), headers,
                ByteBufUtil.getBytes(request.content()), String.valueOf(ctx.channel().remoteAddress()));
        try {
            workers.execute(() -> respond(ctx, run(found.handler(), adminRequest), keepAlive, head));
        } catch (RejectedExecutionException e) {
            respond(ctx, AdminResponse.text(503, "the admin server is busy; try again"), false, head);
        }
    }

    private static AdminResponse run(AdminHandler handler, AdminRequest request) {
        try {
            AdminResponse response = handler.handle(request);
            return response != null ? response : AdminResponse.text(500, "internal error: the handler gave no response");
        } catch (Exception | LinkageError e) {
            log.warn("admin handler for {} failed", request, e);
            return AdminResponse.text(500, "internal error; see the gateway log");
        }
    }

    private static void respond(ChannelHandlerContext ctx, AdminResponse response, boolean keepAlive, boolean head) {
        byte[] body = response.body();
        FullHttpResponse http = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(response.status()),
                head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
        response.headers().forEach((name, value) -> http.headers().set(name, value));
        http.headers().set(HttpHeaderNames.CONTENT_TYPE, response.contentType());
        http.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        http.headers().set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
        if (keepAlive) {
            http.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(http);
        } else {
            http.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(http).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("admin connection from {} closed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
