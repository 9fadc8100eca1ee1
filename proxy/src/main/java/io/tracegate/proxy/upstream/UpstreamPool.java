package io.tracegate.proxy.upstream;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.ScheduledFuture;
import io.tracegate.protocol.SqlState;
import io.tracegate.policy.config.PoolConfig;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pre-authenticated upstream connections for one endpoint (session pooling).
 *
 * <p>A client gets an idle connection on its own event loop when there is one, so client and
 * upstream share a thread; otherwise any idle one; otherwise a new one is opened on the client's
 * loop while the pool is under {@code max_size}; otherwise the client waits up to
 * {@code acquire_timeout} and then gets 53300. A connection comes back through
 * {@link #release}, which resets it with {@code DISCARD ALL} before anyone else sees it.
 *
 * <p>The bookkeeping is guarded by this object's monitor: critical sections are a few field
 * updates, never I/O, so event loops never wait on each other for long.
 */
public final class UpstreamPool implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(UpstreamPool.class);

    private final UpstreamConnector connector;
    private final PoolConfig config;
    private final EventLoopGroup group;
    private final String name;
    private final LongConsumer acquireTimes;

    private final Deque<UpstreamConnection> idle = new ArrayDeque<>();
    private final Deque<Waiter> waiters = new ArrayDeque<>();
    private int open;
    private int leased;
    private boolean closed;

    /** @param acquireTimes receives how long each successful acquire took, in nanoseconds */
    public UpstreamPool(UpstreamConnector connector, PoolConfig config, EventLoopGroup group, LongConsumer acquireTimes) {
        this.connector = connector;
        this.config = config;
        this.group = group;
        this.name = connector.endpoint().displayName();
        this.acquireTimes = acquireTimes;
    }

    public String name() {
        return name;
    }

    public UpstreamEndpoint endpoint() {
        return connector.endpoint();
    }

    /** Opens connections until {@code min_idle} are idle; failures are logged, not fatal. */
    public void fillMinIdle() {
        int missing;
        synchronized (this) {
            missing = Math.min(config.minIdle() - idle.size(), config.maxSize() - open);
            open += Math.max(missing, 0);
        }
        for (int i = 0; i < missing; i++) {
            EventLoop loop = group.next();
            connector.connect(loop).addListener(done -> {
                if (done.isSuccess()) {
                    offer((UpstreamConnection) done.getNow());
                } else {
                    connectionLost();
                    log.warn("could not pre-open an upstream connection for pool {}: {}", name,
                            done.cause().getMessage());
                }
            });
        }
    }

    /** A connection for a client on {@code loop}; the future fails with an {@link UpstreamException}. */
    public Future<UpstreamConnection> acquire(EventLoop loop) {
        Promise<UpstreamConnection> promise = loop.newPromise();
        long started = System.nanoTime();
        promise.addListener(done -> {
            if (done.isSuccess()) {
                acquireTimes.accept(System.nanoTime() - started);
            }
        });
        boolean openNew = false;
        synchronized (this) {
            if (closed) {
                return promise.setFailure(new UpstreamException(SqlState.ADMIN_SHUTDOWN, "the gateway is shutting down"));
            }
            UpstreamConnection connection = takeIdle(loop);
            if (connection != null) {
                leased++;
                promise.setSuccess(connection);
                return promise;
            }
            if (open < config.maxSize()) {
                open++;
                openNew = true;
            } else {
                Waiter waiter = new Waiter(promise, loop);
                waiters.addLast(waiter);
                waiter.timeout = loop.schedule(() -> expire(waiter),
                        config.acquireTimeout().toMillis(), TimeUnit.MILLISECONDS);
            }
        }
        if (openNew) {
            openFor(promise, loop);
        }
        return promise;
    }

    private void openFor(Promise<UpstreamConnection> promise, EventLoop loop) {
        connector.connect(loop).addListener(done -> {
            if (done.isSuccess()) {
                UpstreamConnection connection = (UpstreamConnection) done.getNow();
                synchronized (this) {
                    leased++;
                }
                if (!promise.trySuccess(connection)) {
                    release(connection);
                }
            } else {
                connectionLost();
                promise.tryFailure(done.cause());
            }
        });
    }

    private UpstreamConnection takeIdle(EventLoop loop) {
        for (Iterator<UpstreamConnection> it = idle.iterator(); it.hasNext(); ) {
            UpstreamConnection candidate = it.next();
            if (candidate.channel().eventLoop() == loop) {
                it.remove();
                return candidate;
            }
        }
        return idle.pollFirst();
    }

    private void expire(Waiter waiter) {
        synchronized (this) {
            if (!waiters.remove(waiter)) {
                return;
            }
        }
        Duration timeout = config.acquireTimeout();
        waiter.promise.tryFailure(new UpstreamException(SqlState.TOO_MANY_CONNECTIONS,
                "upstream pool " + name + " has no free connection: all " + config.maxSize()
                        + " are in use and none came free within " + timeout.toMillis() + " ms"));
    }

    /**
     * Takes a connection back from a client. A connection that is still mid-exchange or in a
     * transaction is closed rather than reset, since its state cannot be trusted.
     */
    public void release(UpstreamConnection connection) {
        synchronized (this) {
            leased--;
        }
        if (!connection.isOpen()) {
            connectionLost();
            return;
        }
        connection.channel().eventLoop().execute(() -> new SessionReset(connection, this::offer, c -> {
            c.close();
            connectionLost();
        }).start());
    }

    /** Closes a leased connection that is no longer usable, freeing its slot. */
    public void discard(UpstreamConnection connection) {
        synchronized (this) {
            leased--;
        }
        connection.close();
        connectionLost();
    }

    /** An idle or freshly reset connection is ready for the next client. */
    private void offer(UpstreamConnection connection) {
        Waiter waiter;
        synchronized (this) {
            if (closed) {
                open--;
                connection.close();
                return;
            }
            waiter = waiters.pollFirst();
            if (waiter == null) {
                idle.addLast(connection);
                connection.listener(new IdleListener(this));
                return;
            }
            leased++;
        }
        waiter.timeout.cancel(false);
        if (!waiter.promise.trySuccess(connection)) {
            release(connection);
        }
    }

    /** A connection went away: free its slot and let the longest waiter open a new one. */
    private void connectionLost() {
        Waiter waiter;
        synchronized (this) {
            open--;
            waiter = closed ? null : waiters.pollFirst();
            if (waiter != null) {
                open++;
            }
        }
        if (waiter != null) {
            waiter.timeout.cancel(false);
            openFor(waiter.promise, waiter.loop);
        }
    }

    void idleConnectionClosed(UpstreamConnection connection) {
        boolean wasIdle;
        synchronized (this) {
            wasIdle = idle.remove(connection);
        }
        if (wasIdle) {
            connectionLost();
        }
    }

    public synchronized PoolStats stats() {
        return new PoolStats(open, leased, idle.size(), waiters.size());
    }

    @Override
    public void close() {
        Deque<UpstreamConnection> toClose;
        Deque<Waiter> toFail;
        synchronized (this) {
            closed = true;
            toClose = new ArrayDeque<>(idle);
            idle.clear();
            toFail = new ArrayDeque<>(waiters);
            waiters.clear();
        }
        toClose.forEach(UpstreamConnection::close);
        for (Waiter waiter : toFail) {
            waiter.timeout.cancel(false);
            waiter.promise.tryFailure(new UpstreamException(SqlState.ADMIN_SHUTDOWN, "the gateway is shutting down"));
        }
    }

    /** Counts for metrics and tests. */
    public record PoolStats(int open, int leased, int idle, int waiting) {
    }

    private static final class Waiter {
        final Promise<UpstreamConnection> promise;
        final EventLoop loop;
        ScheduledFuture<?> timeout;

        Waiter(Promise<UpstreamConnection> promise, EventLoop loop) {
            this.promise = promise;
            this.loop = loop;
        }
    }
}
