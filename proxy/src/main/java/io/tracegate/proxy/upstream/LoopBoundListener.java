package io.tracegate.proxy.upstream;

import io.netty.channel.EventLoop;
import io.tracegate.protocol.codec.PgFrame;
import io.tracegate.protocol.codec.RelayChunk;

/**
 * Delivers an upstream connection's events on another event loop: used when a client was given
 * an idle connection that lives on a different loop, so the session still sees every event on
 * its own thread. The common case (same loop) does not pay for this.
 */
public final class LoopBoundListener implements UpstreamListener {

    private final UpstreamListener target;
    private final EventLoop loop;

    private LoopBoundListener(UpstreamListener target, EventLoop loop) {
        this.target = target;
        this.loop = loop;
    }

    /** {@code target} itself when the connection already runs on {@code loop}. */
    public static UpstreamListener on(EventLoop loop, UpstreamConnection connection, UpstreamListener target) {
        return connection.channel().eventLoop() == loop ? target : new LoopBoundListener(target, loop);
    }

    @Override
    public void onFrame(UpstreamConnection connection, PgFrame frame) {
        loop.execute(() -> target.onFrame(connection, frame));
    }

    @Override
    public void onChunk(UpstreamConnection connection, RelayChunk chunk) {
        loop.execute(() -> target.onChunk(connection, chunk));
    }

    @Override
    public void onReadComplete(UpstreamConnection connection) {
        loop.execute(() -> target.onReadComplete(connection));
    }

    @Override
    public void onWritabilityChanged(UpstreamConnection connection, boolean writable) {
        loop.execute(() -> target.onWritabilityChanged(connection, writable));
    }

    @Override
    public void onClosed(UpstreamConnection connection, Throwable cause) {
        loop.execute(() -> target.onClosed(connection, cause));
    }
}
