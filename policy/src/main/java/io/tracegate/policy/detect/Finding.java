package io.tracegate.policy.detect;

import java.util.Objects;

/**
 * One sensitive value or signal found in a text: its detector type and its UTF-16 offsets
 * into the original text (end exclusive). Carries no part of the value, so it is safe to log.
 */
public record Finding(String type, int start, int end) {
    public Finding {
        Objects.requireNonNull(type, "type");
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("bad range [" + start + ", " + end + ")");
        }
    }

    public int length() {
        return end - start;
    }

    /** True when the two ranges share at least one character. */
    public boolean overlaps(Finding other) {
        return start < other.end && other.start < end;
    }
}
