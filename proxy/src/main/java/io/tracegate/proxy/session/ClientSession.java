package io.tracegate.proxy.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import io.tracegate.protocol.PgMessage;
import io.tracegate.protocol.SqlState;
import io.tracegate.protocol.codec.PgFrame;
import io.tracegate.protocol.codec.PgProtocolException;
import io.tracegate.protocol.codec.RelayChunk;
import io.tracegate.protocol.message.Authentication;
import io.tracegate.protocol.message.BackendKeyData;
import io.tracegate.protocol.message.BackendMessage;
import io.tracegate.protocol.message.BackendMessages;
import io.tracegate.protocol.message.CancelRequest;
import io.tracegate.protocol.message.CommandComplete;
import io.tracegate.protocol.message.ErrorResponse;
import io.tracegate.protocol.message.GssEncRequest;
import io.tracegate.protocol.message.NegotiateProtocolVersion;
import io.tracegate.protocol.message.NoticeResponse;
import io.tracegate.protocol.message.NotificationResponse;
import io.tracegate.protocol.message.ParameterStatus;
import io.tracegate.protocol.message.PasswordMessage;
import io.tracegate.protocol.message.Query;
import io.tracegate.protocol.message.ReadyForQuery;
import io.tracegate.protocol.message.ReadyForQuery.TransactionStatus;
import io.tracegate.protocol.message.SslRequest;
import io.tracegate.protocol.message.StartupMessage;
import io.tracegate.policy.Identity;
import io.tracegate.policy.SqlSettings;
import io.tracegate.policy.config.TlsServerMode;
import io.tracegate.proxy.upstream.LoopBoundListener;
import io.tracegate.proxy.upstream.UpstreamConnection;
import io.tracegate.proxy.upstream.UpstreamException;
import io.tracegate.proxy.upstream.UpstreamListener;
import io.tracegate.proxy.upstream.UpstreamPool;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection, from its first byte to its close: TLS and protocol negotiation,
 * authentication, leasing an upstream connection, then relaying in both directions.
 *
 * <p>Everything here runs on the client channel's event loop, including upstream events
 * (delivered through {@link LoopBoundListener} when the upstream lives on another loop).
 */
public final class ClientSession extends ChannelInboundHandlerAdapter
        implements UpstreamListener, CancelRegistry.Cancellable {

    private static final Logger log = LoggerFactory.getLogger(ClientSession.class);
    private static final AtomicLong SESSION_IDS = new AtomicLong();

    private enum State { STARTUP, AUTHENTICATING, CONNECTING, READY, CLOSED }

    private final SessionServices services;
    private ChannelHandlerContext ctx;
    private State state = State.STARTUP;
    private boolean tls;
    private StartupMessage startup;
    private ClientAuthenticator authenticator;
    private Identity identity;
    private UpstreamPool pool;
    private UpstreamConnection upstream;
    private BackendKeyData clientKey;
    /** Client messages read while the session cannot act on them yet (connecting, or a hold). */
    private final Deque<Object> waiting = new ArrayDeque<>();
    private boolean paused;
    private FrontendGate gate;
    private StatementTracker tracker;
    private SyntheticResponses synthetic;
    private TransactionHolds holds;
    private SessionInfo info;
    private SessionObserver observer;
    private long bytesToUpstream;
    private long bytesToClient;
    private Charset charset = StandardCharsets.UTF_8;
    /** Query and Sync messages sent upstream whose ReadyForQuery has not come back yet. */
    private int awaitingReady;
    /** Completed when {@link #awaitingReady} next drops to zero; see {@link #allAnswered()}. */
    private CompletableFuture<Void> answeredWaiter;
    /** Leased connections found dead during this login; see {@link #replaceBrokenLease}. */
    private int replacedLeases;
    private static final int MAX_REPLACED_LEASES = 3;

    public ClientSession(SessionServices services) {
        this.services = services;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        switch (state) {
            case STARTUP -> onStartupMessage(msg);
            case AUTHENTICATING -> onAuthenticationMessage(msg);
            case CONNECTING -> waiting.add(msg);
            case READY -> {
                if (paused) {
                    waiting.add(msg);
                } else {
                    relayToUpstream(msg);
                }
            }
            case CLOSED -> ReferenceCountUtil.release(msg);
        }
    }

    // ---- startup and authentication -------------------------------------------------------

    private void onStartupMessage(Object msg) {
        if (msg instanceof SslRequest) {
            answerSslRequest();
        } else if (msg instanceof GssEncRequest) {
            ctx.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {'N'}));
        } else if (msg instanceof CancelRequest request) {
            services.cancels().find(request.processId(), request.secretKey())
                    .ifPresent(CancelRegistry.Cancellable::cancel);
            closeSession();
            closeQuietly();
        } else if (msg instanceof StartupMessage message) {
            startAuthentication(message);
        } else {
            ReferenceCountUtil.release(msg);
            fatal(SqlState.PROTOCOL_VIOLATION, "unexpected message during startup");
        }
    }

    private void answerSslRequest() {
        if (tls || services.tlsMode() == TlsServerMode.OFF) {
            ctx.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {'N'}));
            return;
        }
        // 'S' must leave in plaintext, so the TLS handler goes in only after the write has passed.
        ctx.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {'S'}));
        SslHandler handler = services.serverTls().newHandler(ctx.alloc());
        ctx.pipeline().addFirst("tls", handler);
        tls = true;
    }

    private void startAuthentication(StartupMessage message) {
        startup = message;
        if (services.tlsMode() == TlsServerMode.REQUIRE && !tls) {
            fatal(SqlState.INVALID_AUTHORIZATION_SPECIFICATION,
                    "this gateway accepts only TLS connections (listen.tls.mode is require); connect with sslmode=require");
            return;
        }
        String user = message.parameter("user");
        if (user == null || user.isEmpty()) {
            fatal(SqlState.INVALID_AUTHORIZATION_SPECIFICATION, "no PostgreSQL user name specified in startup packet");
            return;
        }
        List<String> unsupportedOptions = new ArrayList<>();
        message.parameters().keySet().stream().filter(name -> name.startsWith("_pq_.")).forEach(unsupportedOptions::add);
        if (message.minorVersion() > 0 || !unsupportedOptions.isEmpty()) {
            write(new NegotiateProtocolVersion(0, unsupportedOptions));
        }
        authenticator = new ClientAuthenticator(services.identities(), services.serverSecret(), user, tls);
        state = State.AUTHENTICATING;
        writeAndFlush(authenticator.begin());
    }

    private void onAuthenticationMessage(Object msg) {
        PasswordMessage password;
        try {
            if (!(msg instanceof PgFrame frame) || frame.type() != 'p') {
                fatal(SqlState.PROTOCOL_VIOLATION, "expected a password response during authentication");
                return;
            }
            password = PasswordMessage.decode(frame.body());
        } finally {
            ReferenceCountUtil.release(msg);
        }
        ClientAuthenticator.Step step = authenticator.handle(password);
        if (step instanceof ClientAuthenticator.Step.Challenge challenge) {
            writeAndFlush(challenge.message());
        } else if (step instanceof ClientAuthenticator.Step.Refused refused) {
            log.info("login refused for user {} from {}: {}", startup.parameter("user"),
                    ctx.channel().remoteAddress(), refused.sqlState());
            services.observers().authFailure(startup.parameter("user"), String.valueOf(ctx.channel().remoteAddress()),
                    startup.parameters().getOrDefault("application_name", ""), refused.sqlState(),
                    SqlState.INVALID_PASSWORD.equals(refused.sqlState()) ? "invalid_password" : "protocol_violation");
            fatal(refused.sqlState(), refused.message());
        } else if (step instanceof ClientAuthenticator.Step.Authenticated authenticated) {
            identity = authenticated.identity();
            authenticated.finalMessage().ifPresent(this::write);
            acquireUpstream();
        }
    }

    // ---- upstream lease ---------------------------------------------------------------------

    private void acquireUpstream() {
        state = State.CONNECTING;
        ctx.channel().config().setAutoRead(false);
        String database = startup.parameters().getOrDefault("database", startup.parameter("user"));
        pool = services.poolFor().apply(database);
        pool.acquire(ctx.channel().eventLoop()).addListener(done -> {
            if (!done.isSuccess()) {
                Throwable cause = done.cause();
                String sqlState = cause instanceof UpstreamException e ? e.sqlState()
                        : SqlState.SQLCLIENT_UNABLE_TO_ESTABLISH_SQLCONNECTION;
                fatal(sqlState, cause.getMessage());
                return;
            }
            UpstreamConnection connection = (UpstreamConnection) done.getNow();
            if (state == State.CLOSED) {
                pool.release(connection);
                return;
            }
            upstream = connection;
            upstream.listener(LoopBoundListener.on(ctx.channel().eventLoop(), connection, this));
            applySessionSettings();
        });
    }

    /** Sends the client's startup settings upstream; the login finishes at that ReadyForQuery. */
    private void applySessionSettings() {
        String settings = SessionSetup.statements(startup, upstream.parameters());
        if (settings.isEmpty()) {
            completeLogin();
            return;
        }
        awaitingReady++;
        upstream.channel().writeAndFlush(new Query(settings).encode(upstream.channel().alloc()));
    }

    private void onSetupResponse(PgFrame frame) {
        try {
            BackendMessage message = BackendMessages.decode(frame);
            if (message instanceof ParameterStatus status) {
                upstream.recordParameter(status.name(), status.value());
            } else if (message instanceof ErrorResponse error) {
                if ("FATAL".equals(error.severity()) || "PANIC".equals(error.severity())) {
                    replaceBrokenLease(upstream, error.message());
                } else {
                    fatal(error.sqlState(), "invalid startup parameter: " + error.message());
                }
            } else if (message instanceof ReadyForQuery ready) {
                awaitingReady--;
                upstream.transactionStatus(ready.status());
                if (state == State.CONNECTING) {
                    completeLogin();
                }
            }
        } finally {
            frame.release();
        }
    }

    /**
     * The leased connection died before the client saw AuthenticationOk (its backend was
     * terminated or the server restarted while it sat idle in the pool): the client has lost
     * nothing yet, so drop the connection and lease another instead of failing the login.
     */
    private void replaceBrokenLease(UpstreamConnection broken, String reason) {
        upstream = null;
        awaitingReady = 0;
        pool.discard(broken);
        if (++replacedLeases > MAX_REPLACED_LEASES) {
            fatal(SqlState.CONNECTION_FAILURE, "lost the connection to the database server: " + reason);
            return;
        }
        log.debug("upstream connection {} died while being leased ({}); leasing another", broken, reason);
        acquireUpstream();
    }

    private void completeLogin() {
        write(Authentication.Ok.INSTANCE);
        upstream.parameters().forEach((name, value) -> write(new ParameterStatus(name, value)));
        charset = PgCharsets.forEncoding(upstream.parameters().getOrDefault("client_encoding", "UTF8"));
        clientKey = services.cancels().register(this);
        write(clientKey);
        write(ReadyForQuery.of(upstream.transactionStatus()));
        ctx.flush();
        state = State.READY;
        startGate();
        log.debug("session for {} ready on {}", identity.name(), upstream);
        drainWaiting();
    }

    private void startGate() {
        info = new SessionInfo(Long.toHexString(SESSION_IDS.incrementAndGet()) + "-" + clientKey.processId(), identity,
                String.valueOf(ctx.channel().remoteAddress()),
                startup.parameters().getOrDefault("application_name", ""),
                startup.parameters().getOrDefault("database", startup.parameter("user")));
        synthetic = new SyntheticResponses();
        observer = services.observers().open(info);
        tracker = new StatementTracker(observer);
        holds = services.holds().apply(info, this::notice);
        gate = new FrontendGate(services.policy(), identity, () -> charset, this::sqlSettings,
                this::writeUpstream, ctx.alloc(), tracker, synthetic, holds, observer,
                services.observers()::statementsRefused, ctx.channel().eventLoop(), services.policyWorkers(),
                this::allAnswered);
    }

    private void writeUpstream(ByteBuf message) {
        if (upstream == null) { // the session ended while a hold was pending
            message.release();
            return;
        }
        bytesToUpstream += message.readableBytes();
        upstream.channel().write(message, upstream.channel().voidPromise());
    }

    /** Sends a notice to the client now (from any thread), e.g. the id of an approval it waits for. */
    private void notice(NoticeResponse notice) {
        ctx.channel().eventLoop().execute(() -> {
            if (state == State.READY) {
                ctx.writeAndFlush(notice.encode(ctx.alloc()));
            }
        });
    }

    public SessionInfo info() {
        return info;
    }

    /** Nothing in flight: no hold waiting, no answer outstanding. Call on the session's event loop. */
    public boolean quiescent() {
        return state != State.READY || (!paused && awaitingReady == 0 && waiting.isEmpty());
    }

    private SqlSettings sqlSettings() {
        return "off".equals(upstream.parameters().get("standard_conforming_strings"))
                ? SqlSettings.LEGACY_STRINGS : SqlSettings.DEFAULT;
    }

    /**
     * Flushes what went upstream and completes once all of it is answered up to its
     * ReadyForQuery, by which time the server has reported any setting it changed.
     */
    private CompletionStage<Void> allAnswered() {
        flushUpstream();
        if (awaitingReady == 0) {
            return CompletableFuture.completedFuture(null);
        }
        if (answeredWaiter == null) {
            answeredWaiter = new CompletableFuture<>();
        }
        return answeredWaiter;
    }

    /** Relays what arrived while the session could not, until it must wait again. */
    private void drainWaiting() {
        while (!waiting.isEmpty() && state == State.READY && !paused) {
            relayToUpstream(waiting.poll());
        }
        flushUpstream();
        if (state == State.READY && !paused) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    // ---- relay --------------------------------------------------------------------------------

    private void relayToUpstream(Object msg) {
        Channel channel = upstream.channel();
        if (msg instanceof PgFrame frame) {
            if (frame.type() == 'X') {
                if (awaitingReady > 0) {
                    terminateAfterPendingWork(frame);
                } else {
                    frame.release();
                }
                closeSession();
                closeQuietly();
                return;
            }
            if (frame.type() == 'Q' || frame.type() == 'B' || frame.type() == 'F') {
                CompletionStage<Void> slot = services.observers().statementSlot();
                if (slot != null) {
                    // The audit log is behind: this statement waits (first in line) until it catches up.
                    waiting.addFirst(frame);
                    pause(slot);
                    return;
                }
            }
            if (frame.type() == 'Q' || frame.type() == 'S' || frame.type() == 'F') {
                awaitingReady++;
            }
            CompletionStage<Void> hold = gate.onFrame(frame);
            if (hold != null) {
                pause(hold);
            }
        } else if (msg instanceof RelayChunk chunk) {
            writeUpstream(chunk.content());
        } else {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (!channel.isWritable()) {
            ctx.channel().config().setAutoRead(false);
        }
    }

    /** Reads nothing more from the client until {@code hold} completes; the event loop goes on serving others. */
    private void pause(CompletionStage<Void> hold) {
        paused = true;
        ctx.channel().config().setAutoRead(false);
        flushUpstream();
        hold.whenComplete((ignored, failure) -> ctx.channel().eventLoop().execute(() -> {
            paused = false;
            if (failure != null) {
                exceptionCaught(ctx, failure);
                return;
            }
            drainWaiting();
        }));
    }

    /**
     * A Terminate behind messages still in flight (relayed in this same read, not yet flushed,
     * or not yet answered): PostgreSQL runs everything it received before a Terminate, so pass
     * the Terminate on after them and drop the connection once it has left. Closing at once
     * would throw away an INSERT a client pipelined just before leaving.
     */
    private void terminateAfterPendingWork(PgFrame terminate) {
        UpstreamConnection connection = upstream;
        UpstreamPool leasedFrom = pool;
        upstream = null;
        connection.channel().writeAndFlush(terminate.content())
                .addListener(written -> leasedFrom.discard(connection));
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        flushUpstream();
    }

    private void flushUpstream() {
        if (upstream != null && state == State.READY) {
            upstream.channel().flush();
        }
        reportRelayed();
    }

    private void reportRelayed() {
        if (observer != null && (bytesToUpstream | bytesToClient) != 0) {
            observer.relayed(bytesToUpstream, bytesToClient);
            bytesToUpstream = 0;
            bytesToClient = 0;
        }
    }

    @Override
    public void onFrame(UpstreamConnection connection, PgFrame frame) {
        if (connection != upstream) {
            frame.release(); // from a connection this session already gave up
            return;
        }
        if (state == State.CONNECTING) {
            onSetupResponse(frame);
            return;
        }
        if (state != State.READY) {
            frame.release();
            return;
        }
        switch (frame.type()) {
            case 'Z' -> {
                awaitingReady--;
                ReadyForQuery ready = ReadyForQuery.decode(frame.body());
                connection.transactionStatus(ready.status());
                tracker.readyForQuery();
                synthetic.readyReceived();
                observer.serverMessage('Z', String.valueOf(ready.status().code()));
                if (awaitingReady == 0 && answeredWaiter != null) {
                    CompletableFuture<Void> waiter = answeredWaiter;
                    answeredWaiter = null;
                    waiter.complete(null); // resumes the paused client on a later loop task
                }
            }
            case 'C' -> {
                String tag = CommandComplete.decode(frame.body()).tag();
                tracker.commandComplete(tag);
                observer.serverMessage('C', tag);
            }
            case 'I' -> tracker.commandComplete("");
            case 's' -> tracker.commandComplete("SUSPENDED");
            case 'E' -> {
                ErrorResponse error = ErrorResponse.decode(frame.body());
                tracker.error(error.sqlState());
                synthetic.errorReceived();
                observer.serverMessage('E', error.sqlState() + " " + error.message());
            }
            case '1' -> {
                if (synthetic.swallowParseComplete()) {
                    frame.release();
                    return;
                }
            }
            case 'S' -> {
                ParameterStatus status = ParameterStatus.decode(frame.body());
                connection.recordParameter(status.name(), status.value());
                if (status.name().equals("client_encoding")) {
                    charset = PgCharsets.forEncoding(status.value());
                }
                observer.parameterStatus(status.name(), status.value());
            }
            case 'K' -> {
                // The upstream's key stays with the gateway; the client has its own.
                frame.release();
                return;
            }
            case 'A' -> {
                // A client tells its own notifications by the pid in its BackendKeyData, which is the
                // gateway's: give those that one. Other backends' pids pass as they are: they map to
                // no key any client was given, and pg_backend_pid() shows real pids anyway.
                BackendKeyData upstreamKey = connection.backendKey();
                if (upstreamKey != null) {
                    NotificationResponse.replaceProcessId(frame, upstreamKey.processId(), clientKey.processId());
                }
            }
            default -> {
                // Relayed untouched.
            }
        }
        bytesToClient += frame.content().readableBytes();
        ctx.write(frame.content(), ctx.voidPromise());
    }

    @Override
    public void onChunk(UpstreamConnection connection, RelayChunk chunk) {
        if (state == State.READY && connection == upstream) {
            if (observer.recordsRows()) {
                observer.serverMessages(chunk.content());
            }
            bytesToClient += chunk.content().readableBytes();
            ctx.write(chunk.content(), ctx.voidPromise());
        } else {
            chunk.release();
        }
    }

    @Override
    public void onReadComplete(UpstreamConnection connection) {
        ctx.flush();
        reportRelayed();
        if (!ctx.channel().isWritable()) {
            connection.channel().config().setAutoRead(false);
        }
    }

    @Override
    public void onWritabilityChanged(UpstreamConnection connection, boolean writable) {
        if (writable && state == State.READY) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable() && upstream != null) {
            upstream.channel().config().setAutoRead(true);
        }
    }

    @Override
    public void onClosed(UpstreamConnection connection, Throwable cause) {
        if (state == State.CLOSED || connection != upstream) {
            return;
        }
        if (state == State.CONNECTING) {
            replaceBrokenLease(connection, cause == null ? "connection closed" : cause.getMessage());
            return;
        }
        UpstreamPool leasedFrom = pool;
        upstream = null;
        leasedFrom.discard(connection);
        fatal(SqlState.CONNECTION_FAILURE, "lost the connection to the database server"
                + (cause == null ? "" : ": " + cause.getMessage()));
    }

    @Override
    public void cancel() {
        ctx.channel().eventLoop().execute(() -> {
            if (upstream != null && upstream.backendKey() != null) {
                services.canceller().cancel(ctx.channel().eventLoop(), pool.endpoint(), upstream.backendKey());
            }
        });
    }

    // ---- ending -------------------------------------------------------------------------------

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closeSession();
        closeQuietly();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof PgProtocolException e) {
            fatal(e.sqlState(), e.getMessage());
        } else if (cause.getCause() instanceof PgProtocolException e) {
            fatal(e.sqlState(), e.getMessage());
        } else if (cause instanceof java.io.IOException) {
            // The client went away (reset, closed mid-login): nothing to tell it, nothing wrong here.
            log.debug("client connection ended: {}", cause.toString());
            closeSession();
            closeQuietly();
        } else {
            log.warn("closing client session after an unexpected error: {}", cause.toString());
            fatal(SqlState.INTERNAL_ERROR, "internal gateway error; see the gateway log");
        }
    }

    /**
     * Ends the session: hands the upstream back (reset) or drops it when its state is unknown.
     * Closing the client channel is the caller's business, so a FATAL error can be flushed first.
     */
    private void closeSession() {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        waiting.forEach(ReferenceCountUtil::release);
        waiting.clear();
        if (gate != null) {
            gate.close();
            tracker.abandon();
            holds.cancelAll();
            reportRelayed();
            observer.closed();
        }
        if (clientKey != null) {
            services.cancels().unregister(clientKey);
        }
        UpstreamConnection connection = upstream;
        upstream = null;
        if (connection != null) {
            if (awaitingReady == 0) {
                pool.release(connection);
            } else {
                pool.discard(connection);
            }
        }
    }

    /** Sends a FATAL ErrorResponse and closes, as the server does for errors that end a session. */
    private void fatal(String sqlState, String message) {
        if (ctx.channel().isActive() && state != State.CLOSED) {
            ByteBuf error = ErrorResponse.fatal(sqlState, message).encode(ctx.alloc());
            ctx.writeAndFlush(error).addListener(ChannelFutureListener.CLOSE);
        } else {
            closeQuietly();
        }
        closeSession();
    }

    private void closeQuietly() {
        if (ctx.channel().isOpen()) {
            ctx.flush();
            ctx.close();
        }
    }

    private void write(PgMessage message) {
        ctx.write(message.encode(ctx.alloc()), ctx.voidPromise());
    }

    private void writeAndFlush(PgMessage message) {
        write(message);
        ctx.flush();
    }

    /** The identity this session authenticated as, once it has. */
    public Identity identity() {
        return identity;
    }

    TransactionStatus transactionStatus() {
        return upstream == null ? TransactionStatus.IDLE : upstream.transactionStatus();
    }

    Charset charset() {
        return charset;
    }
}
