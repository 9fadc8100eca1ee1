package io.tracegate.proxy.audit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Verifies the hash chain of audit files, one after the other in the order given (rotated
 * files first, the live file last), continuing the chain across them. The head file next to
 * the last file, when there is one, tells whether lines were cut from the end.
 */
public final class ChainVerifier {

    private ChainVerifier() {
    }

    /** @throws IOException when a file cannot be read (not a chain problem: nothing was checked) */
    public static ChainReport verify(List<Path> files) throws IOException {
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no files to verify");
        }
        Path last = files.get(files.size() - 1);
        ChainChecker checker = new ChainChecker(AuditHead.read(last));
        long lineNumber = 0;
        for (Path file : files) {
            lineNumber = 0;
            try (InputStream in = Files.newInputStream(file)) {
                RawLines lines = new RawLines(in);
                for (byte[] line = lines.next(); line != null; line = lines.next()) {
                    lineNumber++;
                    Optional<ChainChecker.Problem> problem = lines.lastTerminated()
                            ? checker.accept(file.toString(), lineNumber, line)
                            : checker.incomplete(file.toString(), lineNumber);
                    if (problem.isPresent()) {
                        return ChainReport.of(checker);
                    }
                }
            }
        }
        checker.finish(last.toString(), lineNumber + 1);
        return ChainReport.of(checker);
    }

    /** The outcome: intact, or the first bad line. */
    public record ChainReport(long records, long firstSeq, long lastSeq, Optional<ChainChecker.Problem> problem,
            List<String> notes) {

        static ChainReport of(ChainChecker checker) {
            return new ChainReport(checker.records(), checker.firstSeq(), checker.lastSeq(), checker.problem(),
                    checker.notes());
        }

        public boolean intact() {
            return problem.isEmpty();
        }
    }
}
