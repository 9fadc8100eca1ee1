package io.tracegate.proxy.upstream;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.tracegate.protocol.message.BackendKeyData;
import io.tracegate.protocol.message.CancelRequest;
import io.tracegate.proxy.net.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a CancelRequest for an upstream backend on a connection of its own, as the protocol
 * wants. The server answers nothing; it just closes.
 */
public final class UpstreamCanceller {

    private static final Logger log = LoggerFactory.getLogger(UpstreamCanceller.class);

    private final Transport transport;

    public UpstreamCanceller(Transport transport) {
        this.transport = transport;
    }

    public void cancel(EventLoop loop, UpstreamEndpoint endpoint, BackendKeyData upstreamKey) {
        CancelRequest request = new CancelRequest(upstreamKey.processId(), upstreamKey.secretKey());
        new Bootstrap()
                .group(loop)
                .channel(transport.clientChannel())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5_000)
                .handler(new ChannelInboundHandlerAdapter())
                .connect(endpoint.host(), endpoint.port())
                .addListener((ChannelFutureListener) connected -> {
                    if (!connected.isSuccess()) {
                        log.warn("could not deliver a cancel request to {}: {}", endpoint.displayName(),
                                connected.cause().getMessage());
                        return;
                    }
                    connected.channel().writeAndFlush(request.encode(connected.channel().alloc()))
                            .addListener(ChannelFutureListener.CLOSE);
                });
    }
}
