package io.tracegate.proxy.upstream;

import io.tracegate.protocol.codec.PgFrame;
import io.tracegate.protocol.codec.RelayChunk;
import io.tracegate.protocol.message.BackendMessages;
import io.tracegate.protocol.message.ParameterStatus;

/**
 * Owns a connection while it waits in the pool. The server may still speak (a ParameterStatus,
 * a notice, a FATAL before it terminates the backend); a close takes the connection out.
 */
final class IdleListener implements UpstreamListener {

    private final UpstreamPool pool;

    IdleListener(UpstreamPool pool) {
        this.pool = pool;
    }

    @Override
    public void onFrame(UpstreamConnection connection, PgFrame frame) {
        try {
            if (frame.type() == 'S' && BackendMessages.decode(frame) instanceof ParameterStatus status) {
                connection.recordParameter(status.name(), status.value());
            }
        } finally {
            frame.release();
        }
    }

    @Override
    public void onChunk(UpstreamConnection connection, RelayChunk chunk) {
        chunk.release();
    }

    @Override
    public void onClosed(UpstreamConnection connection, Throwable cause) {
        pool.idleConnectionClosed(connection);
    }
}
