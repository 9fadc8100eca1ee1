package io.tracegate.proxy.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.tracegate.protocol.codec.MessageTypes;
import io.tracegate.protocol.codec.PgFrameDecoder;
import io.tracegate.protocol.codec.StartupMessageDecoder;
import io.tracegate.policy.audit.AuditRedactor;
import io.tracegate.policy.config.TracegateConfig;
import io.tracegate.policy.config.UpstreamConfig;
import io.tracegate.policy.engine.DefaultPolicyEngine;
import io.tracegate.proxy.policy.CatalogColumnOrder;
import io.tracegate.proxy.net.Transport;
import io.tracegate.proxy.admin.AdminServer;
import io.tracegate.proxy.admin.ReadinessCheck;
import io.tracegate.proxy.approval.ApprovalService;
import io.tracegate.proxy.approval.http.ApprovalAdminHandler;
import io.tracegate.proxy.approval.http.ApprovalHttp;
import io.tracegate.proxy.audit.AuditLog;
import io.tracegate.proxy.metrics.GatewayMetrics;
import io.tracegate.proxy.observe.ApprovalAuditing;
import io.tracegate.proxy.observe.GatewayObservers;
import io.tracegate.proxy.session.ApprovalHolds;
import io.tracegate.proxy.session.CancelRegistry;
import io.tracegate.proxy.session.ClientSession;
import io.tracegate.proxy.session.Identities;
import io.tracegate.proxy.session.PolicyWorkers;
import io.tracegate.proxy.session.SessionServices;
import io.tracegate.proxy.tls.TlsContexts;
import io.tracegate.proxy.upstream.UpstreamCanceller;
import io.tracegate.proxy.upstream.UpstreamConnector;
import io.tracegate.proxy.upstream.UpstreamEndpoint;
import io.tracegate.proxy.upstream.UpstreamPool;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's listening side: accepts clients, gives each a {@link ClientSession}, and owns
 * the event loops and upstream pools they share.
 */
public final class GatewayServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GatewayServer.class);

    /**
     * What the session looks at from clients: Query, Parse, Bind, Execute, Close, Describe (its
     * kind byte only), Sync, Terminate, FunctionCall, COPY data and the authentication reply. Flush
     * travels in relay chunks.
     */
    static final MessageTypes CLIENT_INSPECTED = MessageTypes.of('Q', 'P', 'B', 'E', 'C', 'D', 'S', 'X', 'F', 'd', 'c', 'f',
            'p');

    /** How long {@link #close} lets sessions finish what is in flight before it closes them. */
    private static final Duration DRAIN_GRACE = Duration.ofSeconds(5);

    private final TracegateConfig config;
    private final Transport transport;
    private final EventLoopGroup group;
    private final ConcurrentMap<String, UpstreamPool> pools = new ConcurrentHashMap<>();
    private final SslContext upstreamTls;
    private final GatewayMetrics metrics = new GatewayMetrics();
    private final AuditRedactor redactor;
    private final AuditLog audit;
    private final ApprovalService approvals;
    /** One thread per core: policy evaluation of large statements is CPU work, nothing waits in it. */
    private final PolicyWorkers policyWorkers =
            PolicyWorkers.start(Runtime.getRuntime().availableProcessors(), PolicyWorkers.DEFAULT_THRESHOLD_CHARS);
    private final ChannelGroup clients = new DefaultChannelGroup("tracegate-clients", GlobalEventExecutor.INSTANCE);
    private AdminServer admin;
    private Channel serverChannel;

    private GatewayServer(TracegateConfig config) throws Exception {
        this.config = config;
        this.transport = Transport.best();
        this.group = transport.newGroup(Math.max(1, config.listen().workerThreads()));
        this.upstreamTls = TlsContexts.upstream(config.upstream().tlsMode());
        this.redactor = AuditRedactor.from(config);
        // Events about statements on protected tables are masked once more before they are stored.
        this.audit = AuditLog.create(config.audit(), metrics.registry(), redactor::redact);
        this.approvals = ApprovalService.create(config.state(), config.approvals(), dataDirectory(config),
                new ApprovalAuditing(audit, metrics));
    }

    /** Starts listening; the port is bound when this returns. */
    public static GatewayServer start(TracegateConfig config) throws Exception {
        GatewayServer server = new GatewayServer(config);
        try {
            server.bind();
        } catch (Exception e) {
            server.close();
            throw e;
        }
        return server;
    }

    private void bind() throws Exception {
        byte[] serverSecret = new byte[32];
        new SecureRandom().nextBytes(serverSecret);
        SessionServices services = new SessionServices(
                config.listen().tls().mode(),
                TlsContexts.server(config.listen().tls()),
                config.listen().maxMessageSize(),
                new Identities(config.identities()),
                serverSecret,
                new CancelRegistry(),
                new UpstreamCanceller(transport),
                this::poolFor,
                DefaultPolicyEngine.from(config, CatalogColumnOrder.load(config)),
                new GatewayObservers(audit, config.audit().onFailure(), metrics, config.recording(), redactor),
                (info, notices) -> new ApprovalHolds(approvals, info, notices),
                policyWorkers);
        int maxMessageSize = config.listen().maxMessageSize();
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        clients.add(ch);
                        ch.pipeline().addLast("startup-decoder", new StartupMessageDecoder(
                                () -> new PgFrameDecoder(maxMessageSize, CLIENT_INSPECTED)));
                        ch.pipeline().addLast("session", new ClientSession(services));
                    }
                });
        admin = AdminServer.start(config.admin(), metrics,
                ReadinessCheck.auditWritable(audit),
                upstreamReachable(config.upstream()));
        admin.routes().fallback(new ApprovalAdminHandler(ApprovalHttp.forRules(approvals, services.identities(),
                config.rules())));
        serverChannel = bootstrap.bind(config.listen().host(), config.listen().port()).sync().channel();
        config.upstream().database().ifPresent(database -> poolFor(database).fillMinIdle());
        log.info("Tracegate listening on {} ({} transport, {} worker thread(s)), upstream {}:{}, admin on port {}",
                serverChannel.localAddress(), transport, config.listen().workerThreads(),
                config.upstream().host(), config.upstream().port(), admin.port());
    }

    private static ReadinessCheck upstreamReachable(UpstreamConfig upstream) {
        return upstream.unixSocket() ? ReadinessCheck.socketReachable("upstream", upstream.socketFile())
                : ReadinessCheck.tcpReachable("upstream", upstream.host(), upstream.port(), Duration.ofSeconds(2));
    }

    /** The pool for a client's database: the configured one when {@code upstream.database} is set. */
    UpstreamPool poolFor(String clientDatabase) {
        UpstreamConfig upstream = config.upstream();
        String database = upstream.database().orElse(clientDatabase);
        return pools.computeIfAbsent(database, name -> {
            UpstreamPool pool = new UpstreamPool(
                    new UpstreamConnector(transport, new UpstreamEndpoint(upstream.host(), upstream.port(), name,
                            upstream.user(), upstream.password(), upstream.tlsMode()),
                            config.listen().maxMessageSize(), upstreamTls),
                    upstream.pool(), group, nanos -> metrics.poolAcquired(name, nanos));
            metrics.registerPool(name, pool::stats);
            return pool;
        });
    }

    /** The gateway's own state (approval journal) lives beside the audit file. */
    private static Path dataDirectory(TracegateConfig config) {
        Path parent = config.audit().file().toAbsolutePath().getParent();
        return parent == null ? Path.of(".").toAbsolutePath() : parent;
    }

    public ApprovalService approvals() {
        return approvals;
    }

    public GatewayMetrics metrics() {
        return metrics;
    }

    /** The admin HTTP port (health, metrics, approvals API and page). */
    public int adminPort() {
        return admin.port();
    }

    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    public Collection<UpstreamPool> pools() {
        return List.copyOf(pools.values());
    }

    public EventLoopGroup eventLoops() {
        return group;
    }

    @Override
    public void close() {
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
        }
        approvals.close();
        drainClients();
        pools.values().forEach(UpstreamPool::close);
        if (admin != null) {
            admin.close();
        }
        group.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
        policyWorkers.close();
        // Last: sessions ending above still append their close events.
        audit.close();
    }

    /**
     * Lets every session finish what it has in flight, above all the refusals of the holds that
     * stopping the approvals just ended (their agents must get the 42501, not a dropped
     * connection), then closes every client connection itself rather than leaving that to the
     * event loops' shutdown.
     */
    private void drainClients() {
        long deadline = System.nanoTime() + DRAIN_GRACE.toNanos();
        for (Channel client : clients) {
            ClientSession session = client.pipeline().get(ClientSession.class);
            while (session != null && client.isActive() && System.nanoTime() < deadline && !quiescent(client, session)) {
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        if (!clients.close().awaitUninterruptibly(DRAIN_GRACE.toMillis())) {
            log.warn("some client connections did not close within {}", DRAIN_GRACE);
        }
    }

    private static boolean quiescent(Channel client, ClientSession session) {
        try {
            return client.eventLoop().submit(session::quiescent).get(1, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException | RejectedExecutionException e) {
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }
}
