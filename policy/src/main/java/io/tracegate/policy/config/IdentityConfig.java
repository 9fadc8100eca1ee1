package io.tracegate.policy.config;

import io.tracegate.policy.Identity;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One identity that may use the gateway ({@code identities[]}). Secrets are stored only as
 * verifiers: a SCRAM-SHA-256 verifier in PostgreSQL's {@code pg_authid} format for logging in
 * through the wire protocol, and/or the SHA-256 of an admin API bearer token (lower-case hex).
 * The loader guarantees at least one of the two is present.
 */
public record IdentityConfig(String name, Set<String> roles, Optional<String> scramSha256, Optional<String> apiTokenSha256) {
    public IdentityConfig {
        Objects.requireNonNull(name, "name");
        roles = Copies.orderedSet(roles);
        Objects.requireNonNull(scramSha256, "scramSha256");
        Objects.requireNonNull(apiTokenSha256, "apiTokenSha256");
    }

    /** The identity as the policy engine sees it. */
    public Identity toIdentity() {
        return new Identity(name, roles);
    }

    /** Never prints the verifiers. */
    @Override
    public String toString() {
        return "IdentityConfig[name=" + name + ", roles=" + roles + ", scram=" + scramSha256.isPresent()
                + ", apiToken=" + apiTokenSha256.isPresent() + "]";
    }
}
