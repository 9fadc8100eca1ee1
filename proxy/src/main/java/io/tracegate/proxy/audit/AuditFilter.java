package io.tracegate.proxy.audit;

import io.tracegate.policy.audit.AuditEvent;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * What {@code tracegate audit query} selects; every part is optional and they all must match.
 *
 * @param table    a table as the statement named it; without a schema it also matches
 *                 {@code anyschema.table}; case-insensitive
 * @param since    inclusive
 * @param until    exclusive
 */
public record AuditFilter(Optional<String> identity, Optional<String> table, Optional<String> decision,
        Optional<String> eventType, Optional<Instant> since, Optional<Instant> until) {

    public static final AuditFilter ALL = new AuditFilter(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty());

    public boolean matches(AuditEvent event) {
        if (identity.isPresent() && !identity.get().equals(event.identity())) {
            return false;
        }
        if (decision.isPresent() && !decision.get().equalsIgnoreCase(String.valueOf(event.decision()))) {
            return false;
        }
        if (eventType.isPresent() && !eventType.get().equalsIgnoreCase(event.eventType())) {
            return false;
        }
        if (since.isPresent() && event.time().isBefore(since.get())) {
            return false;
        }
        if (until.isPresent() && !event.time().isBefore(until.get())) {
            return false;
        }
        return table.isEmpty() || event.tables().stream().anyMatch(this::tableMatches);
    }

    private boolean tableMatches(String named) {
        String wanted = table.orElseThrow().toLowerCase(Locale.ROOT);
        String candidate = named.toLowerCase(Locale.ROOT);
        if (candidate.equals(wanted)) {
            return true;
        }
        return wanted.indexOf('.') < 0 && candidate.endsWith("." + wanted);
    }
}
