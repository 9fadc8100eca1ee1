package io.tracegate.proxy.upstream;

import io.tracegate.protocol.codec.PgFrame;
import io.tracegate.protocol.codec.RelayChunk;
import io.tracegate.protocol.message.BackendMessages;
import io.tracegate.protocol.message.ParameterStatus;
import io.tracegate.protocol.message.Query;
import io.tracegate.protocol.message.ReadyForQuery;
import io.tracegate.protocol.message.ReadyForQuery.TransactionStatus;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;

/**
 * Returns a connection to a clean session state before the pool hands it to another client:
 * {@code ROLLBACK} when a transaction is open, then {@code DISCARD ALL} (which cannot run inside a
 * transaction block, hence two round trips). Any error means the connection is discarded.
 */
final class SessionReset implements UpstreamListener {

    private final UpstreamConnection connection;
    private final Consumer<UpstreamConnection> onClean;
    private final Consumer<UpstreamConnection> onBroken;
    private final Deque<String> statements = new ArrayDeque<>();
    private boolean failed;
    private boolean finished;

    SessionReset(UpstreamConnection connection, Consumer<UpstreamConnection> onClean,
            Consumer<UpstreamConnection> onBroken) {
        this.connection = connection;
        this.onClean = onClean;
        this.onBroken = onBroken;
    }

    void start() {
        connection.listener(this);
        if (connection.transactionStatus() != TransactionStatus.IDLE) {
            statements.add("ROLLBACK");
        }
        statements.add("DISCARD ALL");
        sendNext();
    }

    private void sendNext() {
        connection.channel().writeAndFlush(new Query(statements.poll()).encode(connection.channel().alloc()));
    }

    @Override
    public void onFrame(UpstreamConnection conn, PgFrame frame) {
        try {
            switch (frame.type()) {
                case 'E' -> failed = true;
                case 'S' -> {
                    if (BackendMessages.decode(frame) instanceof ParameterStatus status) {
                        conn.recordParameter(status.name(), status.value());
                    }
                }
                case 'Z' -> {
                    ReadyForQuery ready = ReadyForQuery.decode(frame.body());
                    conn.transactionStatus(ready.status());
                    if (failed || ready.status() != TransactionStatus.IDLE && statements.isEmpty()) {
                        finish(false);
                    } else if (statements.isEmpty()) {
                        finish(true);
                    } else {
                        sendNext();
                    }
                }
                default -> {
                    // CommandComplete and notices carry nothing the reset needs.
                }
            }
        } finally {
            frame.release();
        }
    }

    private void finish(boolean clean) {
        if (finished) {
            return;
        }
        finished = true;
        (clean ? onClean : onBroken).accept(connection);
    }

    @Override
    public void onChunk(UpstreamConnection conn, RelayChunk chunk) {
        chunk.release();
    }

    @Override
    public void onClosed(UpstreamConnection conn, Throwable cause) {
        finish(false);
    }
}
