package io.tracegate.proxy.audit;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks a hash chain one line at a time, in order, wherever the lines come from (files or
 * the postgres sink's table). The first problem ends the check: after it nothing can be
 * trusted to be where it claims.
 */
public final class ChainChecker {

    private final Optional<AuditHead> head;
    private final List<String> notes = new ArrayList<>();
    private long records;
    private long firstSeq = -1;
    private long expectedSeq = -1;
    private String previousHash;
    private String previousSource;
    private long previousPosition;
    private boolean headSeen;
    private Problem problem;

    /** @param head where the log said its chain ended, when known; checked by {@link #finish()} */
    public ChainChecker(Optional<AuditHead> head) {
        this.head = head;
    }

    /**
     * The next line, as stored (no line break). {@code source} and {@code position} (a file and
     * its line number, say) only name the line in a problem.
     *
     * @return the problem, once there is one
     */
    public Optional<Problem> accept(String source, long position, byte[] line) {
        if (problem != null) {
            return Optional.of(problem);
        }
        AuditChain.Link link;
        try {
            link = AuditChain.parse(new String(line, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return fail(source, position, "not a chained audit record, " + e.getMessage()
                    + ": the line was edited or cut short");
        }
        if (expectedSeq < 0) {
            firstSeq = link.seq();
            if (link.seq() == 1 && !link.prev().equals(AuditChain.GENESIS)) {
                return fail(source, position, "the first record (seq 1) must have \"prev\" " + AuditChain.GENESIS);
            }
            if (link.seq() > 1) {
                notes.add(source + " starts the chain at seq " + link.seq()
                        + ": the records before it are in earlier files, not checked here");
            }
        } else {
            if (link.seq() < expectedSeq) {
                return fail(source, position, "seq " + link.seq() + " comes after seq " + (expectedSeq - 1)
                        + ": lines were reordered or duplicated");
            }
            if (link.seq() > expectedSeq) {
                return fail(source, position, "seq jumps from " + (expectedSeq - 1) + " to " + link.seq()
                        + ": " + (link.seq() - expectedSeq) + " record(s) deleted or moved before this line");
            }
            if (!link.prev().equals(previousHash)) {
                return fail(previousSource, previousPosition, "altered: its SHA-256 does not match the \"prev\" of"
                        + " the next record (" + source + ":" + position + "), so one of the two was changed");
            }
        }
        String hash = AuditChain.hash(line);
        if (head.isPresent() && head.get().seq() == link.seq()) {
            headSeen = true;
            if (!head.get().hash().equals(hash)) {
                return fail(source, position, "altered: its SHA-256 does not match the head file's for seq "
                        + link.seq());
            }
        }
        records++;
        expectedSeq = link.seq() + 1;
        previousHash = hash;
        previousSource = source;
        previousPosition = position;
        return Optional.empty();
    }

    /** A line that ends without a line break: the writer never leaves one, so the file was cut. */
    public Optional<Problem> incomplete(String source, long position) {
        return fail(source, position, "incomplete last line (no line break): the file was truncated");
    }

    /** After the last line: whether the log ends where its head says it does. */
    public Optional<Problem> finish(String source, long position) {
        if (problem != null) {
            return Optional.of(problem);
        }
        if (head.isPresent() && !headSeen) {
            long headSeq = head.get().seq();
            long lastSeq = expectedSeq - 1;
            if (headSeq > lastSeq) {
                return fail(source, position, "truncated: the head file records seq " + headSeq
                        + " but the log ends at seq " + (records == 0 ? "(none)" : String.valueOf(lastSeq))
                        + ": records were removed from the end");
            }
            if (firstSeq < 0 || headSeq < firstSeq) {
                notes.add("the head file's seq " + headSeq + " is before the records checked here");
            }
        }
        return Optional.empty();
    }

    private Optional<Problem> fail(String source, long position, String message) {
        problem = new Problem(source, position, message);
        return Optional.of(problem);
    }

    public long records() {
        return records;
    }

    /** The first and last seq checked, -1 when there were none. */
    public long firstSeq() {
        return firstSeq;
    }

    public long lastSeq() {
        return expectedSeq < 0 ? -1 : expectedSeq - 1;
    }

    public List<String> notes() {
        return List.copyOf(notes);
    }

    public Optional<Problem> problem() {
        return Optional.ofNullable(problem);
    }

    /** The first bad line: where it is and what is wrong with it. */
    public record Problem(String source, long position, String message) {
        @Override
        public String toString() {
            return source + ":" + position + ": " + message;
        }
    }
}
