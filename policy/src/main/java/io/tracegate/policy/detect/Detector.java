package io.tracegate.policy.detect;

/**
 * Finds one type of sensitive value (or one signal) in normalised text.
 *
 * <p>Implementations must run in time linear in the text's length, whatever the text: they
 * are hand-written scanners or RE2J patterns, never backtracking regular expressions.
 * They are stateless and safe to share between threads.
 */
public interface Detector {
    /** The type name findings carry, as the policy file spells it, e.g. {@code credit_card}. */
    String type();

    /**
     * Whether findings are rewritten. {@code url} and {@code shell_command} are signals that
     * rules match on; they are reported and counted but left in place.
     */
    boolean masked();

    /**
     * Rank used when two masked findings of different types overlap: the higher one wins,
     * then the longer one. A card number beats the phone number its digits also look like.
     */
    int specificity();

    /** Reports every occurrence in {@code text}, non-overlapping, in increasing order. */
    void scan(ScanText text, FindingSink sink);
}
