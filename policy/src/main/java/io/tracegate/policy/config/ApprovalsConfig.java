package io.tracegate.policy.config;

import java.util.Objects;
import java.util.Optional;

/** Approval notifications ({@code approvals}): an http(s) URL that receives a JSON POST per request and decision. */
public record ApprovalsConfig(Optional<String> webhookUrl) {
    public static final ApprovalsConfig NONE = new ApprovalsConfig(Optional.empty());

    public ApprovalsConfig {
        Objects.requireNonNull(webhookUrl, "webhookUrl");
    }
}
