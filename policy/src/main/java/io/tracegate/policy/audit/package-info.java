/**
 * The audit event model: what the gateway records about each statement, connection, login
 * failure, approval and policy reload, and its JSON form. Storage (files, a control database,
 * the hash chain) lives in the proxy; this package holds only data that has already been
 * masked by the policy.
 */
package io.tracegate.policy.audit;
