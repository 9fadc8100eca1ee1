package io.tracegate.proxy.session;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * Everything that watches one session: the audit log (one event per statement), metrics and
 * the session recording. It only ever receives masked forms: statement text as forwarded,
 * masked parameters, result tags and errors.
 */
public interface SessionObserver extends StatementTracker.Listener {

    /** A client message as forwarded: its type, masked text or a description, masked parameters. */
    void clientMessage(char type, String summary, List<String> maskedParameters);

    /** A server message the session inspected: CommandComplete tag, "SQLSTATE message", status. */
    void serverMessage(char type, String summary);

    /** True when result rows are recorded, so the session decodes the rows it relays. */
    boolean recordsRows();

    /** A run of relayed server messages; only called when {@link #recordsRows()}. */
    void serverMessages(ByteBuf messages);

    /**
     * The server reported a setting (ParameterStatus), e.g. {@code application_name} after the
     * client's {@code SET}: pgjdbc sets it that way rather than in its startup packet.
     */
    default void parameterStatus(String name, String value) {
    }

    /** Bytes relayed in each direction since the last call. */
    void relayed(long toUpstream, long toClient);

    /** The session ended. */
    void closed();
}
