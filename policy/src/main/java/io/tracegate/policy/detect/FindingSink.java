package io.tracegate.policy.detect;

/** Receives the ranges a detector finds, as offsets into {@link ScanText#text()}. */
@FunctionalInterface
public interface FindingSink {
    /** Reports the normalised range {@code [start, end)}. */
    void found(int start, int end);
}
