package io.tracegate.proxy.upstream;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.tracegate.protocol.SqlState;
import io.tracegate.protocol.codec.MessageTypes;
import io.tracegate.protocol.codec.PgFrameDecoder;
import io.tracegate.protocol.message.SslRequest;
import io.tracegate.protocol.message.StartupMessage;
import io.tracegate.policy.config.UpstreamTlsMode;
import io.tracegate.proxy.net.Transport;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Opens authenticated connections to one upstream endpoint: TCP or Unix-domain socket connect,
 * optional TLS negotiation (SSLRequest, TCP only), StartupMessage with the gateway's user, then login.
 */
public final class UpstreamConnector {

    /**
     * What the relay looks at coming back from the server: authentication and key data (startup),
     * ParameterStatus, ReadyForQuery, CommandComplete, ErrorResponse, EmptyQueryResponse,
     * PortalSuspended, the COPY responses, ParseComplete (one may answer a Parse the gateway inserted)
     * and NotificationResponse (its pid is rewritten). Everything else travels in relay chunks.
     */
    public static final MessageTypes INSPECTED = MessageTypes.of('R', 'K', 'S', 'Z', 'C', 'E', 'I', 's', 'G', 'H', 'W', '1',
            'A');

    private static final int CONNECT_TIMEOUT_MILLIS = 10_000;

    private final Transport transport;
    private final UpstreamEndpoint endpoint;
    private final int maxMessageSize;
    private final SslContext tlsContext;

    public UpstreamConnector(Transport transport, UpstreamEndpoint endpoint, int maxMessageSize, SslContext tlsContext) {
        this.transport = transport;
        this.endpoint = endpoint;
        this.maxMessageSize = maxMessageSize;
        this.tlsContext = tlsContext;
    }

    public UpstreamEndpoint endpoint() {
        return endpoint;
    }

    /** Connects on {@code loop}; the future fails with an {@link UpstreamException}. */
    public Future<UpstreamConnection> connect(EventLoop loop) {
        Promise<UpstreamConnection> ready = loop.newPromise();
        Bootstrap bootstrap = UpstreamBootstrap.to(endpoint, transport, loop, CONNECT_TIMEOUT_MILLIS)
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        // Handlers are added once we know whether TLS is on.
                    }
                });
        bootstrap.connect().addListener((ChannelFutureListener) connected -> {
            if (!connected.isSuccess()) {
                ready.tryFailure(new UpstreamException(SqlState.SQLCLIENT_UNABLE_TO_ESTABLISH_SQLCONNECTION,
                        "could not connect to upstream " + endpoint.address() + ": "
                                + connected.cause().getMessage(), connected.cause()));
                return;
            }
            Channel channel = connected.channel();
            if (endpoint.negotiatesTls()) {
                negotiateTls(channel, ready);
            } else {
                startProtocol(channel, ready);
            }
        });
        return ready;
    }

    private void negotiateTls(Channel channel, Promise<UpstreamConnection> ready) {
        channel.pipeline().addLast("tls-answer", new TlsAnswerDecoder(channel, ready));
        channel.writeAndFlush(SslRequest.INSTANCE.encode(channel.alloc()));
    }

    /** Reads the one-byte answer to SSLRequest and carries on with or without TLS. */
    private final class TlsAnswerDecoder extends ByteToMessageDecoder {
        private final Channel channel;
        private final Promise<UpstreamConnection> ready;

        TlsAnswerDecoder(Channel channel, Promise<UpstreamConnection> ready) {
            this.channel = channel;
            this.ready = ready;
        }

        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
            byte answer = in.readByte();
            if (in.isReadable()) {
                in.skipBytes(in.readableBytes());
                failAndClose(channel, ready, "upstream sent unencrypted data after its answer to SSLRequest");
                return;
            }
            ctx.pipeline().remove(this);
            if (answer == 'S') {
                SslHandler tls = tlsContext.newHandler(channel.alloc(), endpoint.host(), endpoint.port());
                channel.pipeline().addFirst("tls", tls);
                tls.handshakeFuture().addListener(handshake -> {
                    if (handshake.isSuccess()) {
                        startProtocol(channel, ready);
                    } else {
                        failAndClose(channel, ready, "TLS handshake with upstream failed: "
                                + handshake.cause().getMessage());
                    }
                });
            } else if (answer == 'N' && endpoint.tlsMode() == UpstreamTlsMode.PREFER) {
                startProtocol(channel, ready);
            } else if (answer == 'N') {
                failAndClose(channel, ready, "upstream " + endpoint.host() + ":" + endpoint.port()
                        + " does not support TLS, but upstream.tls.mode is " + endpoint.tlsMode());
            } else {
                failAndClose(channel, ready, "upstream answered SSLRequest with an invalid byte " + answer);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            ready.tryFailure(new UpstreamException(SqlState.SQLCLIENT_UNABLE_TO_ESTABLISH_SQLCONNECTION,
                    "upstream closed the connection during TLS negotiation"));
            super.channelInactive(ctx);
        }
    }

    private static void failAndClose(Channel channel, Promise<UpstreamConnection> ready, String message) {
        ready.tryFailure(new UpstreamException(SqlState.SQLCLIENT_UNABLE_TO_ESTABLISH_SQLCONNECTION, message));
        channel.close();
    }

    private void startProtocol(Channel channel, Promise<UpstreamConnection> ready) {
        UpstreamConnection connection = new UpstreamConnection(channel, endpoint.displayName(),
                new UpstreamStartup(endpoint, ready));
        channel.pipeline().addLast("pg-frame-decoder", new PgFrameDecoder(maxMessageSize, INSPECTED));
        channel.pipeline().addLast("upstream", connection);
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("user", endpoint.user());
        parameters.put("database", endpoint.database());
        parameters.put("client_encoding", "UTF8");
        parameters.put("DateStyle", "ISO");
        parameters.put("application_name", "tracegate");
        channel.writeAndFlush(new StartupMessage(StartupMessage.PROTOCOL_3_0, parameters).encode(channel.alloc()));
    }
}
