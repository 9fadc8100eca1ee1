package io.tracegate.proxy.upstream;

import io.tracegate.protocol.codec.PgFrame;
import io.tracegate.protocol.codec.RelayChunk;

/**
 * Whoever currently owns an upstream connection: its startup, the client session it serves, or
 * the pool while it idles or resets. Every callback runs on the connection's event loop and
 * takes ownership of the buffer it is given.
 */
public interface UpstreamListener {

    /** An inspected message (ReadyForQuery, ErrorResponse, ...). */
    void onFrame(UpstreamConnection connection, PgFrame frame);

    /** A run of messages nobody inspects (rows, row descriptions, ...). */
    void onChunk(UpstreamConnection connection, RelayChunk chunk);

    /** The end of one read batch: the moment to flush whatever was written. */
    default void onReadComplete(UpstreamConnection connection) {
    }

    /** The upstream can take more writes again, or cannot. */
    default void onWritabilityChanged(UpstreamConnection connection, boolean writable) {
    }

    /** The connection is gone; {@code cause} is null for an orderly close. */
    void onClosed(UpstreamConnection connection, Throwable cause);
}
