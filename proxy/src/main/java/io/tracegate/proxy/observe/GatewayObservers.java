package io.tracegate.proxy.observe;

import io.tracegate.policy.audit.AuditEvent;
import io.tracegate.policy.audit.AuditRedactor;
import io.tracegate.policy.config.AuditFailureMode;
import io.tracegate.policy.config.RecordingConfig;
import io.tracegate.proxy.audit.AuditLog;
import io.tracegate.proxy.metrics.GatewayMetrics;
import io.tracegate.proxy.recording.SessionRecorder;
import io.tracegate.proxy.session.SessionInfo;
import io.tracegate.proxy.session.SessionObserver;
import io.tracegate.proxy.session.SessionObservers;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Connects sessions to the audit log, the metrics and the session recordings. With
 * {@code audit.on_failure: block}, statements are refused while the audit log cannot be written,
 * so nothing runs unaudited.
 */
public final class GatewayObservers implements SessionObservers {

    private final AuditLog audit;
    private final AuditFailureMode onFailure;
    private final GatewayMetrics metrics;
    private final RecordingConfig recording;
    private final AuditRedactor redactor;

    /**
     * @param audit    the gateway's audit log, whose writer masks statements on protected tables
     * @param redactor the policy's, for what session recordings keep of statements on protected tables
     */
    public GatewayObservers(AuditLog audit, AuditFailureMode onFailure, GatewayMetrics metrics, RecordingConfig recording,
            AuditRedactor redactor) {
        this.audit = audit;
        this.onFailure = onFailure;
        this.metrics = metrics;
        this.recording = recording;
        this.redactor = redactor;
    }

    @Override
    public SessionObserver open(SessionInfo session) {
        metrics.connectionOpened();
        audit.append(sessionEvent(AuditEvent.CONNECTION_OPEN, session).build());
        SessionRecorder recorder = SessionRecorder.open(recording, session.sessionId(), session.identity().name(),
                redactor);
        return new AuditingSessionObserver(session, audit, metrics, recorder);
    }

    @Override
    public void authFailure(String user, String clientAddress, String applicationName, String sqlState, String reason) {
        metrics.authFailure(reason);
        audit.append(AuditEvent.builder(AuditEvent.AUTH_FAILURE)
                .time(Instant.now())
                .identity(user)
                .clientAddress(clientAddress)
                .applicationName(applicationName)
                .sqlState(sqlState)
                .reason(reason)
                .build());
    }

    @Override
    public Optional<String> statementsRefused() {
        if (onFailure != AuditFailureMode.BLOCK || audit.writable()) {
            return Optional.empty();
        }
        return Optional.of(audit.problem().orElse("the audit log cannot be written"));
    }

    @Override
    public CompletionStage<Void> statementSlot() {
        return audit.awaitRoom();
    }

    static AuditEvent.Builder sessionEvent(String type, SessionInfo session) {
        return AuditEvent.builder(type)
                .time(Instant.now())
                .sessionId(session.sessionId())
                .identity(session.identity())
                .clientAddress(session.clientAddress())
                .applicationName(session.applicationName())
                .database(session.database());
    }
}
