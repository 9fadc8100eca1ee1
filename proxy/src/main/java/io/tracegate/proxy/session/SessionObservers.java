package io.tracegate.proxy.session;

import java.util.Optional;

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
}
