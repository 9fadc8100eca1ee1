package io.tracegate.proxy.cli;

import io.tracegate.proxy.recording.RecordingReader;
import io.tracegate.proxy.recording.Transcript;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tracegate replay}: a session recording as a transcript. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Print a session recording as a transcript: time (UTC), direction, message, statement,"
                + " result tag, errors. --follow waits for more while the session lasts.")
final class ReplayCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE", description = "A recording under recording.dir.")
    private Path file;

    @Option(names = {"-f", "--follow"}, description = "Keep printing a live session until it ends (or Ctrl-C).")
    private boolean follow;

    @Option(names = "--json", description = "One JSON object per entry, with absolute times, for machines.")
    private boolean json;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Transcript transcript = new Transcript();
        try {
            RecordingReader.follow(file, entry -> {
                out.println(json ? Transcript.json(entry) : transcript.text(entry));
                if (follow) {
                    out.flush();
                }
            }, () -> !follow);
        } catch (IOException e) {
            out.flush();
            spec.commandLine().getErr().println("tracegate replay: " + file + ": " + e.getMessage());
            return 2;
        }
        out.flush();
        return 0;
    }
}
