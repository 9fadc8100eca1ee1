package io.tracegate.proxy.cli;

import io.tracegate.proxy.audit.AuditReader;
import io.tracegate.proxy.audit.ChainVerifier;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code tracegate audit verify}: checks the hash chain; exit 0 only when it is intact. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Check the hash chain of audit files (oldest first, the live file last, e.g. audit*.jsonl)"
                + " or of the postgres sink's table (--url).",
                "Exit 0 when intact; 1 naming the first bad line when lines were edited, deleted, reordered or cut;"
                        + " 2 when the log cannot be read."})
final class AuditVerifyCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", arity = "0..*", description = "Audit files, in chain order.")
    private List<Path> files = List.of();

    @Mixin
    private AuditPostgresOptions postgres;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (files.isEmpty() == !postgres.given()) {
            err.println("tracegate audit verify: give audit files or --url, not both and not neither");
            return 2;
        }
        ChainVerifier.ChainReport report;
        String what;
        try {
            if (postgres.given()) {
                try (Connection connection = postgres.connect()) {
                    report = AuditReader.verify(connection);
                }
                what = "the postgres audit table";
            } else {
                report = ChainVerifier.verify(files);
                what = files.size() == 1 ? files.get(0).toString() : files.size() + " files";
            }
        } catch (IOException | SQLException e) {
            err.println("tracegate audit verify: cannot read the audit log: " + e.getMessage());
            return 2;
        }
        report.notes().forEach(note -> out.println("note: " + note));
        if (report.problem().isPresent()) {
            err.println(report.problem().get());
            err.println("audit chain BROKEN: " + report.records() + " record(s) checked before the first bad line");
            return 1;
        }
        out.println(what + ": " + report.records() + " record(s)"
                + (report.records() == 0 ? "" : ", seq " + report.firstSeq() + ".." + report.lastSeq())
                + ", chain intact");
        return 0;
    }
}
