package io.tracegate.proxy.session;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** The gateway-wide side of observation: opens a {@link SessionObserver} per session, records failed logins. */
public interface SessionObservers {

    SessionObserver open(SessionInfo session);

    /** A login was refused; {@code reason} is a short label such as {@code invalid_password}. */
    void authFailure(String user, String clientAddress, String applicationName, String sqlState, String reason);

    /**
     * Why statements must be refused right now (audit cannot be written and
     * {@code audit.on_failure} is {@code block}); empty when they may run.
     */
    Optional<String> statementsRefused();

    /**
     * Null when a new statement may start now; else a stage to wait for first (the audit
     * queue is too long). Waiting slows this client down rather than losing audit events.
     */
    CompletionStage<Void> statementSlot();
}
