package io.tracegate.it.approval;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.tracegate.proxy.approval.http.ApprovalHttp;
import io.tracegate.proxy.approval.http.HttpCall;
import io.tracegate.proxy.approval.http.HttpReply;
import io.tracegate.proxy.approval.http.NettyHttp;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The approval handlers on a small Netty HTTP server, wired the way the admin server wires them
 * ({@link NettyHttp} in and out, handlers run off the event loop), on a free loopback port.
 */
final class AdminStandIn implements AutoCloseable {

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final ExecutorService handlers = Executors.newFixedThreadPool(2);
    private final Channel channel;

    AdminStandIn(ApprovalHttp http) throws InterruptedException {
        channel = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(1 << 20),
                                new SimpleChannelInboundHandler<FullHttpRequest>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
                                        HttpCall call = NettyHttp.call(request);
                                        FullHttpRequest kept = request.retain();
                                        handlers.execute(() -> {
                                            try {
                                                HttpReply reply = http.handle(call)
                                                        .orElseGet(() -> HttpReply.error(404, "not found"));
                                                FullHttpResponse response = NettyHttp.response(kept, reply, ctx.alloc());
                                                ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
                                            } finally {
                                                kept.release();
                                            }
                                        });
                                    }
                                });
                    }
                })
                .bind("127.0.0.1", 0).sync().channel();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + ((InetSocketAddress) channel.localAddress()).getPort() + "/");
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        handlers.shutdownNow();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }
}
