package io.tracegate.policy.engine;

import java.util.Arrays;
import java.util.Set;

/**
 * Where, in a statement's forwarded text, the values the engine masked for protected columns
 * are: the constants (by offset into the text) and the parameters ({@code $n}) that flow into a
 * protected column. The audit copy of the statement needs masking only outside them; passing
 * them on spares the audit a second lexing and analysis of a text the engine already read.
 *
 * <p>{@link #UNKNOWN} when the engine did not keep them (a refused statement, several
 * statements folded into one audit entry): the audit then works them out itself. Immutable.
 */
public final class ProtectedParts {

    /** Nothing is known: the audit must analyse the text itself. */
    public static final ProtectedParts UNKNOWN = new ProtectedParts(new int[0], Set.of());
    /** Known to hold no protected value at all. */
    public static final ProtectedParts NONE = new ProtectedParts(new int[0], Set.of());

    private final int[] bounds;
    private final Set<Integer> parameters;

    private ProtectedParts(int[] bounds, Set<Integer> parameters) {
        this.bounds = bounds;
        this.parameters = parameters;
    }

    /**
     * @param bounds     start and end offset of each constant, in pairs, ascending, not overlapping
     * @param parameters numbers ({@code $n}, from 1) of the parameters bound for protected columns
     */
    public static ProtectedParts of(int[] bounds, Set<Integer> parameters) {
        if (bounds.length % 2 != 0) {
            throw new IllegalArgumentException("bounds come in start/end pairs");
        }
        for (int i = 0; i < bounds.length; i++) {
            if (bounds[i] < (i == 0 ? 0 : bounds[i - 1])) {
                throw new IllegalArgumentException("bounds must ascend and not overlap");
            }
        }
        return bounds.length == 0 && parameters.isEmpty() ? NONE
                : new ProtectedParts(bounds.clone(), Set.copyOf(parameters));
    }

    public boolean known() {
        return this != UNKNOWN;
    }

    /** How many constants. */
    public int constants() {
        return bounds.length / 2;
    }

    /** Offset of the {@code index}th constant's first character. */
    public int start(int index) {
        return bounds[2 * index];
    }

    /** Offset just past the {@code index}th constant. */
    public int end(int index) {
        return bounds[2 * index + 1];
    }

    public Set<Integer> parameters() {
        return parameters;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ProtectedParts parts && known() == parts.known() && Arrays.equals(bounds, parts.bounds)
                && parameters.equals(parts.parameters);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(bounds) + parameters.hashCode();
    }

    /** Offsets and numbers only: never text. */
    @Override
    public String toString() {
        return known() ? "ProtectedParts[bounds=" + Arrays.toString(bounds) + ", parameters=" + parameters + "]"
                : "ProtectedParts[unknown]";
    }
}
