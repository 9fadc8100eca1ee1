package io.tracegate.proxy.audit;

import io.tracegate.policy.audit.AuditEvent;
import java.util.Optional;

/**
 * {@code audit.sink: none}: events go nowhere and the log is always writable. It exists so that
 * the cost of auditing can be measured against its absence; {@link AuditLog#create} warns that
 * the gateway runs without an audit trail.
 */
enum DisabledAuditLog implements AuditLog {
    INSTANCE;

    @Override
    public void append(AuditEvent event) {
    }

    @Override
    public boolean enabled() {
        return false;
    }

    @Override
    public boolean writable() {
        return true;
    }

    @Override
    public Optional<String> problem() {
        return Optional.empty();
    }

    @Override
    public void close() {
    }
}
