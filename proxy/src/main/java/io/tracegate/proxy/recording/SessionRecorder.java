package io.tracegate.proxy.recording;

import io.tracegate.policy.audit.AuditRedactor;
import io.tracegate.policy.config.RecordingConfig;
import java.util.List;

/**
 * Records one client session, message by message, for {@code tracegate replay}. Calls never
 * block and never fail: the recorder stamps the time and hands the record to a background
 * writer; a recording that cannot keep up loses records and says so in the file.
 *
 * <p>Only masked forms reach a recorder: statement text as forwarded, masked parameters,
 * result tags and errors, rows only when {@code include_rows} is set (and then as the client
 * received them). What the policy forwards raw in a statement on a protected table (a
 * {@code WHERE} constant) is masked once more on the writer thread ({@link AuditRedactor}),
 * as are error texts, which may quote such a value.
 */
public interface SessionRecorder extends AutoCloseable {

    /**
     * A message from the client.
     *
     * @param type             the protocol message type ({@code 'Q'}, {@code 'P'}, {@code 'B'}, ...)
     * @param summary          the masked statement text, or a description of the message
     * @param maskedParameters Bind values as forwarded (null entries for SQL NULL); may be empty
     */
    void clientMessage(char type, String summary, List<String> maskedParameters);

    /**
     * A message from the server.
     *
     * @param type    the protocol message type ({@code 'C'}, {@code 'E'}, {@code 'Z'}, ...)
     * @param summary the CommandComplete tag, {@code "SQLSTATE message"} of an error, a row count...
     */
    void serverMessage(char type, String summary);

    /** A result row; the session calls this only when {@link #recordsRows()}. */
    void row(List<String> values);

    /** Whether result rows are wanted ({@code recording.include_rows}), so the session decodes DataRows only then. */
    boolean recordsRows();

    /** Ends the recording: the writer closes the file after what was recorded so far. */
    @Override
    void close();

    /**
     * The recorder for one session: writes under {@code config.dir()}, or does nothing when
     * recording is off. Statements on the policy's protected tables, bind values and error texts
     * are masked by {@code redactor} on the writer thread before they are written.
     */
    static SessionRecorder open(RecordingConfig config, String sessionId, String identity, AuditRedactor redactor) {
        return open(config, sessionId, identity, redactor, config.enabled() ? RecordingWriter.shared() : null);
    }

    /** As {@link #open(RecordingConfig, String, String, AuditRedactor)}, with a writer of the caller's. */
    static SessionRecorder open(RecordingConfig config, String sessionId, String identity, AuditRedactor redactor,
            RecordingWriter writer) {
        if (!config.enabled()) {
            return NoopRecorder.INSTANCE;
        }
        return writer.start(config, sessionId, identity, redactor);
    }

    /** For a policy that protects no table: nothing is masked beyond what the session passes. */
    static SessionRecorder open(RecordingConfig config, String sessionId, String identity, RecordingWriter writer) {
        return open(config, sessionId, identity, AuditRedactor.NONE, writer);
    }
}
