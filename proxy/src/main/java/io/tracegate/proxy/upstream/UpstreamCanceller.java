package io.tracegate.proxy.upstream;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.tracegate.protocol.message.BackendKeyData;
import io.tracegate.protocol.message.CancelRequest;
import io.tracegate.proxy.net.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a CancelRequest for an upstream backend on a connection of its own, as the protocol
 * wants, to the same address the pool connects to (TCP or the Unix-domain socket). The server
 * answers nothing; it just closes.
 */
public final class UpstreamCanceller {

    private static final Logger log = LoggerFactory.getLogger(UpstreamCanceller.class);

    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;

    private final Transport transport;

    public UpstreamCanceller(Transport transport) {
        this.transport = transport;
    }

    public void cancel(EventLoop loop, UpstreamEndpoint endpoint, BackendKeyData upstreamKey) {
        CancelRequest request = new CancelRequest(upstreamKey.processId(), upstreamKey.secretKey());
        UpstreamBootstrap.to(endpoint, transport, loop, CONNECT_TIMEOUT_MILLIS)
                .handler(new ChannelInboundHandlerAdapter())
                .connect()
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
