package io.tracegate.it.observe;

import io.tracegate.policy.audit.AuditEvent;
import io.tracegate.proxy.audit.AuditFilter;
import io.tracegate.proxy.audit.AuditReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Reads a gateway's audit file while the gateway runs. The log is written by a background
 * thread, so readers wait for the event that ends what they look at (a session's
 * connection_close) rather than for a time.
 */
final class AuditTrail {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final Path file;

    AuditTrail(Path file) {
        this.file = file;
    }

    /** Every complete event in the file, in chain order (a line being written is not one yet). */
    List<AuditEvent> events() {
        return Files.exists(file) ? read(List.of(file)) : new ArrayList<>();
    }

    /** Every complete event in {@code files}, in order. */
    static List<AuditEvent> read(List<Path> files) {
        List<AuditEvent> events = new ArrayList<>();
        try {
            AuditReader.read(files, AuditFilter.ALL, events::add, bad -> { });
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + files, e);
        }
        return events;
    }

    /** Waits until the events satisfy {@code done}, then returns them all. */
    List<AuditEvent> await(String what, Predicate<List<AuditEvent>> done) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            List<AuditEvent> events = events();
            if (done.test(events)) {
                return events;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the audit log at " + file + " never showed " + what + "; it holds "
                        + events.size() + " event(s): " + events);
            }
            Thread.sleep(20);
        }
    }

    /**
     * The events of the one session whose client gave {@code applicationName}, once its
     * connection_close is written: everything the session appended came before it.
     */
    List<AuditEvent> session(String applicationName) throws InterruptedException {
        List<AuditEvent> all = await("the end of session " + applicationName, events -> events.stream()
                .anyMatch(e -> isCloseOf(e, applicationName)));
        List<String> ids = all.stream().filter(e -> isCloseOf(e, applicationName)).map(AuditEvent::sessionId).toList();
        if (ids.size() != 1) {
            throw new AssertionError("expected one session of " + applicationName + ", found " + ids);
        }
        return all.stream().filter(e -> Objects.equals(ids.get(0), e.sessionId())).toList();
    }

    private static boolean isCloseOf(AuditEvent event, String applicationName) {
        return event.eventType().equals(AuditEvent.CONNECTION_CLOSE) && applicationName.equals(event.applicationName());
    }

    /** The one statement event of a session's events; fails the test when there is not exactly one. */
    static AuditEvent onlyStatement(List<AuditEvent> sessionEvents) {
        List<AuditEvent> statements = statements(sessionEvents);
        if (statements.size() != 1) {
            throw new AssertionError("expected one statement event in the session, found " + statements.size()
                    + ": " + sessionEvents);
        }
        return statements.get(0);
    }

    /** Only the statement events of {@code events}. */
    static List<AuditEvent> statements(List<AuditEvent> events) {
        return ofType(events, AuditEvent.STATEMENT);
    }

    static List<AuditEvent> ofType(List<AuditEvent> events, String type) {
        return events.stream().filter(e -> e.eventType().equals(type)).toList();
    }
}
