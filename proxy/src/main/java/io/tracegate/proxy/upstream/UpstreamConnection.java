package io.tracegate.proxy.upstream;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.tracegate.protocol.codec.PgFrame;
import io.tracegate.protocol.codec.RelayChunk;
import io.tracegate.protocol.message.BackendKeyData;
import io.tracegate.protocol.message.ReadyForQuery.TransactionStatus;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One authenticated connection to the real database. It remembers what the server told it at
 * startup (ParameterStatus values, BackendKeyData) and routes everything it reads to the current
 * {@link UpstreamListener}.
 */
public final class UpstreamConnection extends ChannelInboundHandlerAdapter {

    private final Channel channel;
    private final String poolName;
    private final Map<String, String> parameters = new LinkedHashMap<>();
    private BackendKeyData backendKey;
    private TransactionStatus transactionStatus = TransactionStatus.IDLE;
    private UpstreamListener listener;
    private boolean closed;

    UpstreamConnection(Channel channel, String poolName, UpstreamListener initialListener) {
        this.channel = channel;
        this.poolName = poolName;
        this.listener = initialListener;
    }

    public Channel channel() {
        return channel;
    }

    public String poolName() {
        return poolName;
    }

    /** The server's current ParameterStatus values, as of the last one it sent. */
    public Map<String, String> parameters() {
        return Collections.unmodifiableMap(parameters);
    }

    public void recordParameter(String name, String value) {
        parameters.put(name, value);
    }

    public BackendKeyData backendKey() {
        return backendKey;
    }

    void backendKey(BackendKeyData key) {
        this.backendKey = key;
    }

    public TransactionStatus transactionStatus() {
        return transactionStatus;
    }

    public void transactionStatus(TransactionStatus status) {
        this.transactionStatus = status;
    }

    /** Hands the connection to a new owner; must be called on the connection's event loop. */
    public void listener(UpstreamListener newListener) {
        this.listener = newListener;
    }

    public boolean isOpen() {
        return !closed && channel.isActive();
    }

    public void close() {
        channel.close();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof PgFrame frame) {
            listener.onFrame(this, frame);
        } else if (msg instanceof RelayChunk chunk) {
            listener.onChunk(this, chunk);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        listener.onReadComplete(this);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        listener.onWritabilityChanged(this, ctx.channel().isWritable());
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closeWith(null);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        closeWith(cause);
        ctx.close();
    }

    private void closeWith(Throwable cause) {
        if (!closed) {
            closed = true;
            listener.onClosed(this, cause);
        }
    }

    @Override
    public String toString() {
        return "UpstreamConnection[" + poolName + ", pid=" + (backendKey == null ? "?" : backendKey.processId()) + "]";
    }
}
