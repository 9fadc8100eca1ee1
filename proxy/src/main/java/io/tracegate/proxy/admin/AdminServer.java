package io.tracegate.proxy.admin;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.ReadTimeoutHandler;
import io.tracegate.policy.config.AdminConfig;
import io.tracegate.proxy.metrics.GatewayMetrics;
import io.tracegate.proxy.net.Transport;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin HTTP listener ({@code admin.host}:{@code admin.port}): {@code /healthz},
 * {@code /readyz}, {@code /metrics}, and whatever features add through {@link #routes()}
 * (the approvals API and the reviewer page).
 *
 * <p>It has its own single event loop, apart from the gateway's, and runs handlers on two
 * worker threads, so neither a slow scrape nor a blocking handler delays client traffic.
 */
public final class AdminServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AdminServer.class);

    private static final int MAX_REQUEST_BYTES = 1024 * 1024;
    private static final int WORKERS = 2;
    private static final int QUEUED_REQUESTS = 256;

    private final AdminRoutes routes = new AdminRoutes();
    private final EventLoopGroup group;
    private final ThreadPoolExecutor workers;
    private final Channel channel;

    private AdminServer(AdminConfig config, GatewayMetrics metrics, List<ReadinessCheck> checks) throws InterruptedException {
        routes.get("/healthz", request -> AdminResponse.text(200, "ok"));
        routes.get("/readyz", request -> readiness(checks));
        routes.get("/metrics", request -> AdminResponse.of(200, "text/plain; version=0.0.4; charset=utf-8",
                metrics.scrape().getBytes(StandardCharsets.UTF_8)));
        AtomicInteger threads = new AtomicInteger();
        workers = new ThreadPoolExecutor(WORKERS, WORKERS, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUED_REQUESTS),
                runnable -> {
                    Thread thread = new Thread(runnable, "tracegate-admin-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        Transport transport = Transport.best();
        group = transport.newGroup(1);
        AdminHttpHandler handler = new AdminHttpHandler(routes, workers);
        try {
            channel = new ServerBootstrap().group(group).channel(transport.serverChannel())
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new ReadTimeoutHandler(60, TimeUnit.SECONDS))
                                    .addLast(new HttpServerCodec())
                                    .addLast(new HttpObjectAggregator(MAX_REQUEST_BYTES))
                                    .addLast(handler);
                        }
                    })
                    .bind(config.host(), config.port()).sync().channel();
        } catch (InterruptedException | RuntimeException e) {
            shutdown();
            throw e;
        }
        log.info("admin API listening on {} (/healthz, /readyz, /metrics)", channel.localAddress());
    }

    /** Binds {@code config.host():config.port()} (port 0: a free one); {@code /readyz} is ready when every check passes. */
    public static AdminServer start(AdminConfig config, GatewayMetrics metrics, ReadinessCheck... checks)
            throws InterruptedException {
        return new AdminServer(config, metrics, List.of(checks));
    }

    private static AdminResponse readiness(List<ReadinessCheck> checks) {
        List<String> problems = new ArrayList<>();
        for (ReadinessCheck check : checks) {
            Optional<String> problem;
            try {
                problem = check.problem();
            } catch (RuntimeException e) {
                problem = Optional.of("a readiness check failed: " + e);
            }
            problem.ifPresent(problems::add);
        }
        if (problems.isEmpty()) {
            return AdminResponse.text(200, "ready");
        }
        return AdminResponse.text(503, "not ready:\n" + String.join("\n", problems));
    }

    /** Where features add their routes (before or after start). */
    public AdminRoutes routes() {
        return routes;
    }

    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        shutdown();
    }

    private void shutdown() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownNow();
    }
}
