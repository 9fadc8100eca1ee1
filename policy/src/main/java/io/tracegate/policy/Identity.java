package io.tracegate.policy;

import java.util.Objects;
import java.util.Set;

/** Who is asking: an authenticated gateway identity and the roles the policy file gives it. */
public record Identity(String name, Set<String> roles) {
    public Identity {
        Objects.requireNonNull(name, "name");
        roles = Set.copyOf(roles);
    }

    public boolean hasAnyRole(Set<String> wanted) {
        for (String role : wanted) {
            if (roles.contains(role)) {
                return true;
            }
        }
        return false;
    }
}
