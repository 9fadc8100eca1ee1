package io.tracegate.proxy.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code tracegate} command: serve, demo and the operator tools. */
@Command(name = "tracegate",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "PostgreSQL wire-protocol gateway that masks, holds and audits AI agents' trace writes.",
        subcommands = {
            ServeCommand.class,
            DemoCommand.class,
            HashPasswordCommand.class,
            CheckPolicyCommand.class,
            AuditCommand.class,
            ReplayCommand.class,
            ApprovalsCommand.class,
            CommandLine.HelpCommand.class
        })
public final class TracegateCli implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(newCommandLine().execute(args));
    }

    /** The configured command line, also used by tests. */
    public static CommandLine newCommandLine() {
        return new CommandLine(new TracegateCli()).setCaseInsensitiveEnumValuesAllowed(true);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
