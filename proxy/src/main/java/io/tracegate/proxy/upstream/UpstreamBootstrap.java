package io.tracegate.proxy.upstream;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.tracegate.proxy.net.Transport;
import java.net.InetSocketAddress;

/** A client {@link Bootstrap} aimed at an endpoint: TCP to host and port, or its Unix-domain socket. */
final class UpstreamBootstrap {

    private UpstreamBootstrap() {
    }

    /**
     * Channel type, remote address and connect timeout for {@code endpoint}; TCP_NODELAY and
     * keep-alive on TCP only, since they mean nothing on a local socket (Netty warns about them).
     * A TCP host name is resolved at each connect, so a changed DNS entry is followed.
     */
    static Bootstrap to(UpstreamEndpoint endpoint, Transport transport, EventLoop loop, int connectTimeoutMillis) {
        Bootstrap bootstrap = new Bootstrap()
                .group(loop)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMillis);
        if (endpoint.unixSocket()) {
            return bootstrap.channel(transport.domainSocketChannel())
                    .remoteAddress(transport.domainSocketAddress(endpoint.socketFile()));
        }
        return bootstrap.channel(transport.clientChannel())
                .remoteAddress(InetSocketAddress.createUnresolved(endpoint.host(), endpoint.port()))
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true);
    }
}
