package io.tracegate.proxy.approval.http;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;

/** Converts between Netty's HTTP messages and {@link HttpCall}/{@link HttpReply}, for the admin server. */
public final class NettyHttp {

    private NettyHttp() {
    }

    /** Copies what the handlers need; the caller still owns (and releases) {@code request}. */
    public static HttpCall call(FullHttpRequest request) {
        return HttpCall.of(request.method().name(), request.uri(),
                request.headers().get(HttpHeaderNames.AUTHORIZATION), ByteBufUtil.getBytes(request.content()));
    }

    /** The response for {@code reply}; a HEAD request gets the headers without the body. */
    public static FullHttpResponse response(FullHttpRequest request, HttpReply reply, ByteBufAllocator alloc) {
        boolean head = request.method().equals(HttpMethod.HEAD);
        FullHttpResponse response = new DefaultFullHttpResponse(request.protocolVersion(),
                HttpResponseStatus.valueOf(reply.status()),
                head ? alloc.buffer(0) : alloc.buffer(reply.body().length).writeBytes(reply.body()));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, reply.contentType());
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, reply.body().length);
        reply.headers().forEach((name, value) -> response.headers().set(name, value));
        return response;
    }
}
