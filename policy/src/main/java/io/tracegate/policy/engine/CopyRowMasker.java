package io.tracegate.policy.engine;

/**
 * Masks the protected columns of COPY FROM STDIN data as it streams. Chunk boundaries are
 * arbitrary (a row, even a quoted CSV field, may span chunks): the masker keeps the incomplete
 * tail and returns only whole rows, rewritten. Not thread-safe: one per COPY.
 */
public interface CopyRowMasker {

    /** Takes the next chunk; returns the complete rows it finished, masked (possibly empty). */
    String accept(String chunk);

    /** The end of the data (CopyDone): returns whatever is left, masked. */
    String finish();

    /** Finding counts by type so far. */
    java.util.Map<String, Integer> findings();
}
