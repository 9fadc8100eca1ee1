package io.tracegate.it.observe;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Variants of the integration tests' default policy, differing only in their {@code audit} section. */
final class Policies {

    private Policies() {
    }

    /** The default policy with {@code auditSection} (a whole top-level {@code audit:} mapping) in place of its own. */
    static String withAudit(String auditSection) {
        String policy = defaultPolicy();
        int start = policy.indexOf("\naudit:\n");
        int end = policy.indexOf("\nrecording:\n");
        if (start < 0 || end < start) {
            throw new IllegalStateException("the default policy has no audit section followed by recording");
        }
        return policy.substring(0, start + 1) + auditSection.strip() + "\n" + policy.substring(end);
    }

    /** The file sink, rotated past {@code rotateSize} (e.g. {@code 4KB}). */
    static String fileAudit(String rotateSize) {
        return withAudit("""
                audit:
                  sink: file
                  file: ${env:DATA_DIR}/audit.jsonl
                  rotate_size: %s
                  on_failure: block
                """.formatted(rotateSize));
    }

    /** The postgres sink writing to {@code url} as {@code user}. */
    static String postgresAudit(String url, String user, String password, String onFailure) {
        return withAudit("""
                audit:
                  sink: postgres
                  file: ${env:DATA_DIR}/audit.jsonl
                  postgres:
                    url: %s
                    user: %s
                    password: %s
                  on_failure: %s
                """.formatted(url, user, password, onFailure));
    }

    /** {@code policy} with recording of result rows on ({@code recording.include_rows}). */
    static String withRecordedRows(String policy) {
        if (!policy.contains("\n  include_rows: false\n")) {
            throw new IllegalStateException("the policy does not set recording.include_rows: false");
        }
        return policy.replace("\n  include_rows: false\n", "\n  include_rows: true\n");
    }

    static String defaultPolicy() {
        try (InputStream in = Policies.class.getResourceAsStream("/it/policy-default.yaml")) {
            if (in == null) {
                throw new IllegalStateException("no resource /it/policy-default.yaml");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
