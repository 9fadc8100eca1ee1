package io.tracegate.policy.config;

import java.util.Objects;

/** The gateway's own state ({@code state}); absent means {@link StateStoreKind#EMBEDDED}. */
public record StateConfig(StateStoreKind store, JdbcConfig postgres) {
    public static final StateConfig EMBEDDED = new StateConfig(StateStoreKind.EMBEDDED, JdbcConfig.NONE);

    public StateConfig {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(postgres, "postgres");
    }
}
