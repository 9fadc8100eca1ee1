package io.tracegate.policy.mask;

import java.util.HashMap;
import java.util.Map;

/**
 * The replacements made while masking one value, by type and original text. Traces repeat
 * the same e-mail address or card number many times, and a hash replacement costs an
 * HMAC-SHA-256; equal inputs give equal replacements, so each distinct one is made once.
 * Lives for one call: nothing sensitive outlives the value it came from.
 */
final class ReplacementMemo {
    private final Masker masker;
    private Map<String, Map<String, String>> byType;

    ReplacementMemo(Masker masker) {
        this.masker = masker;
    }

    /** The replacement of {@code text[start, end)}, a finding of {@code type}. */
    String replacement(String type, String text, int start, int end) {
        String fixed = masker.fixedReplacement(type);
        return fixed != null ? fixed : remembered(type, text.substring(start, end));
    }

    String replacement(String type, String originalValue) {
        String fixed = masker.fixedReplacement(type);
        return fixed != null ? fixed : remembered(type, originalValue);
    }

    private String remembered(String type, String originalValue) {
        if (byType == null) {
            byType = new HashMap<>(4);
        }
        Map<String, String> memo = byType.computeIfAbsent(type, t -> new HashMap<>());
        String replacement = memo.get(originalValue);
        if (replacement == null) {
            replacement = masker.replacement(type, originalValue);
            memo.put(originalValue, replacement);
        }
        return replacement;
    }
}
