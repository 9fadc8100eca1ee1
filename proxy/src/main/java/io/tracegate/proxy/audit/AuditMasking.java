package io.tracegate.proxy.audit;

import io.tracegate.policy.audit.AuditEvent;
import io.tracegate.policy.engine.ProtectedParts;

/**
 * What the audit writer does to each event before it is stored: the gateway masks statements on
 * protected tables once more ({@code AuditRedactor::redact}), told by the policy engine which
 * parts it masked already.
 */
@FunctionalInterface
public interface AuditMasking {

    /** Stores events as they are appended: for logs whose events carry no statement text to mask. */
    AuditMasking NONE = (event, engineMasked) -> event;

    /** The event as it may be stored; the very same event when nothing in it needs masking. */
    AuditEvent apply(AuditEvent event, ProtectedParts engineMasked);
}
