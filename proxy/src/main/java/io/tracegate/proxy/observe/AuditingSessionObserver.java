package io.tracegate.proxy.observe;

import io.netty.buffer.ByteBuf;
import io.tracegate.policy.audit.AuditEvent;
import io.tracegate.policy.audit.CommandTags;
import io.tracegate.proxy.audit.AuditLog;
import io.tracegate.proxy.metrics.GatewayMetrics;
import io.tracegate.proxy.recording.SessionRecorder;
import io.tracegate.proxy.session.SessionInfo;
import io.tracegate.proxy.session.SessionObserver;
import io.tracegate.proxy.session.StatementTracker;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One session's observer: an audit event and a metrics sample per completed statement, the
 * session's recording, relayed byte counts. Runs on the session's event loop; the audit log and
 * the recorder queue their writes for their own threads.
 */
final class AuditingSessionObserver implements SessionObserver {

    private final SessionInfo session;
    private final AuditLog audit;
    private final GatewayMetrics metrics;
    private final SessionRecorder recorder;
    /** The client's application_name now: it may change after the startup packet (SET application_name). */
    private String applicationName;

    AuditingSessionObserver(SessionInfo session, AuditLog audit, GatewayMetrics metrics, SessionRecorder recorder) {
        this.session = session;
        this.audit = audit;
        this.metrics = metrics;
        this.recorder = recorder;
        this.applicationName = session.applicationName();
    }

    private AuditEvent.Builder event(String type) {
        return GatewayObservers.sessionEvent(type, session).applicationName(applicationName);
    }

    @Override
    public void parameterStatus(String name, String value) {
        if (name.equals("application_name")) {
            applicationName = value;
        }
    }

    @Override
    public void completed(StatementTracker.Pending pending, StatementTracker.Outcome outcome, long endNanos) {
        long nanos = endNanos - pending.startNanos();
        metrics.statement(pending.decision(), pending.ruleName(), nanos);
        if (!pending.statement().findings().isEmpty()) {
            metrics.findings(pending.statement().findings());
        }
        if (!audit.enabled()) {
            return;
        }
        audit.append(event(AuditEvent.STATEMENT)
                // When it was received, as the field is documented; the builder's default is now.
                .time(Instant.now().minusNanos(nanos))
                .statement(pending.statement())
                .parameters(pending.parameters())
                .decision(pending.decision())
                .ruleName(pending.ruleName())
                .approvalId(pending.approvalId())
                .reviewer(pending.reviewer())
                .commandTag(outcome.executed() ? outcome.commandTag() : null)
                .rowsAffected(outcome.commandTag() == null ? null : CommandTags.rows(outcome.commandTag()))
                .sqlState(outcome.sqlState())
                .reason(outcome.unanswered())
                .durationMicros(nanos / 1_000)
                .build(), pending.statement().protectedParts());
    }

    @Override
    public void clientMessage(char type, String summary, List<String> maskedParameters) {
        recorder.clientMessage(type, summary, maskedParameters);
    }

    @Override
    public void serverMessage(char type, String summary) {
        recorder.serverMessage(type, summary);
    }

    @Override
    public boolean recordsRows() {
        return recorder.recordsRows();
    }

    /** Decodes the DataRows in a run of relayed messages (text values; binary ones as a byte count). */
    @Override
    public void serverMessages(ByteBuf messages) {
        int index = messages.readerIndex();
        int end = messages.writerIndex();
        while (index + 5 <= end) {
            byte type = messages.getByte(index);
            int length = messages.getInt(index + 1);
            if (type == 'D') {
                recorder.row(readRow(messages, index + 5));
            }
            index += 1 + length;
        }
    }

    private static List<String> readRow(ByteBuf buf, int at) {
        int count = buf.getUnsignedShort(at);
        int position = at + 2;
        List<String> values = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int length = buf.getInt(position);
            position += 4;
            if (length < 0) {
                values.add(null);
            } else {
                values.add(buf.toString(position, length, StandardCharsets.UTF_8));
                position += length;
            }
        }
        return values;
    }

    @Override
    public void relayed(long toUpstream, long toClient) {
        if (toUpstream > 0) {
            metrics.bytesRelayed(GatewayMetrics.CLIENT_TO_UPSTREAM, toUpstream);
        }
        if (toClient > 0) {
            metrics.bytesRelayed(GatewayMetrics.UPSTREAM_TO_CLIENT, toClient);
        }
    }

    @Override
    public void closed() {
        metrics.connectionClosed();
        audit.append(event(AuditEvent.CONNECTION_CLOSE).build());
        recorder.close();
    }
}
