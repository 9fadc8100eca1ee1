package io.tracegate.policy.config;

import io.tracegate.policy.MaskStrategy;
import java.util.Map;
import java.util.Objects;

/**
 * How findings are rewritten ({@code masking}).
 *
 * @param defaultStrategy for every type not in {@code byType} ({@code default}, default {@code redact})
 * @param byType          finding type to strategy; every key is an enabled detector type
 * @param hashKey         HMAC key for {@link MaskStrategy#HASH} tokens; non-empty whenever a
 *                        strategy is {@code hash}, otherwise possibly empty
 */
public record MaskingConfig(MaskStrategy defaultStrategy, Map<String, MaskStrategy> byType, String hashKey) {
    public MaskingConfig {
        Objects.requireNonNull(defaultStrategy, "defaultStrategy");
        byType = Copies.orderedMap(byType);
        Objects.requireNonNull(hashKey, "hashKey");
    }

    /** The strategy for one finding type. */
    public MaskStrategy strategyFor(String findingType) {
        return byType.getOrDefault(findingType, defaultStrategy);
    }

    /** Never prints the key. */
    @Override
    public String toString() {
        return "MaskingConfig[defaultStrategy=" + defaultStrategy + ", byType=" + byType
                + ", hashKey=" + (hashKey.isEmpty() ? "none" : "***") + "]";
    }
}
