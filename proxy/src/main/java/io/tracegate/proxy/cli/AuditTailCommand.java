package io.tracegate.proxy.cli;

import io.tracegate.proxy.audit.AuditChain;
import io.tracegate.proxy.audit.AuditEventFormatter;
import io.tracegate.proxy.audit.AuditTail;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tracegate audit tail}: the latest events of a live audit file, optionally following it. */
@Command(name = "tail", mixinStandardHelpOptions = true,
        description = "Print the last events of an audit file; with -f keep printing new ones as they are written"
                + " (across rotations) until interrupted.")
final class AuditTailCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE", description = "The live audit file (audit.file).")
    private Path file;

    @Option(names = {"-f", "--follow"}, description = "Keep printing events as they are written.")
    private boolean follow;

    @Option(names = {"-n", "--lines"}, paramLabel = "N", description = "How many of the last events to print first (default ${DEFAULT-VALUE}).")
    private int lines = 10;

    @Option(names = "--json", description = "Print the stored JSON lines instead of the readable form.")
    private boolean json;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            AuditTail.run(file, lines, line -> {
                String text = new String(line, StandardCharsets.UTF_8);
                if (json) {
                    out.println(text);
                } else {
                    try {
                        out.println(AuditEventFormatter.format(AuditChain.parse(text).event()));
                    } catch (IllegalArgumentException e) {
                        out.println("(not an audit record: " + e.getMessage() + ")");
                    }
                }
                out.flush();
            }, () -> !follow);
        } catch (IOException e) {
            err.println("tracegate audit tail: " + e.getMessage());
            return 2;
        }
        return 0;
    }
}
