package io.tracegate.policy.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A loaded and validated policy file ({@code tracegate.yaml}). Instances come from
 * {@link ConfigLoader}, which only returns a configuration that passed every check, so consumers
 * never have to re-validate cross references (roles, tables, detector types).
 */
public record TracegateConfig(
        ListenConfig listen,
        UpstreamConfig upstream,
        List<IdentityConfig> identities,
        List<TableConfig> tables,
        DetectorsConfig detectors,
        MaskingConfig masking,
        List<RuleConfig> rules,
        AuditConfig audit,
        ApprovalsConfig approvals,
        StateConfig state,
        RecordingConfig recording,
        AdminConfig admin) {

    public TracegateConfig {
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(upstream, "upstream");
        identities = List.copyOf(identities);
        tables = List.copyOf(tables);
        Objects.requireNonNull(detectors, "detectors");
        Objects.requireNonNull(masking, "masking");
        rules = List.copyOf(rules);
        Objects.requireNonNull(audit, "audit");
        Objects.requireNonNull(approvals, "approvals");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(recording, "recording");
        Objects.requireNonNull(admin, "admin");
    }

    /** The identity with this exact name, if the file defines one. */
    public Optional<IdentityConfig> identity(String name) {
        for (IdentityConfig identity : identities) {
            if (identity.name().equals(name)) {
                return Optional.of(identity);
            }
        }
        return Optional.empty();
    }

    /** The protected table with this name, normalised as {@link TableNames#normalize} does. */
    public Optional<TableConfig> table(String qualifiedName) {
        for (TableConfig table : tables) {
            if (table.name().equals(qualifiedName)) {
                return Optional.of(table);
            }
        }
        return Optional.empty();
    }
}
