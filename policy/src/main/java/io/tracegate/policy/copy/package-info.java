/**
 * Masking of {@code COPY ... FROM STDIN} data in text and CSV formats, row by row as it streams:
 * {@link io.tracegate.policy.copy.CopyRowMaskers} creates the
 * {@link io.tracegate.policy.engine.CopyRowMasker} for a
 * {@link io.tracegate.policy.engine.CopyPlan}. Lines are found as PostgreSQL's
 * {@code CopyReadLineText} finds them, fields read as {@code CopyReadAttributesText} and
 * {@code CopyReadAttributesCSV} read them (src/backend/commands/copyfromparse.c), so the value
 * masked is the value the server would have stored.
 */
package io.tracegate.policy.copy;
