package io.tracegate.proxy.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code tracegate audit}: check and read the audit log. */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Check and read the audit log: verify its hash chain, query it, follow it.",
        subcommands = {AuditVerifyCommand.class, AuditQueryCommand.class, AuditTailCommand.class})
final class AuditCommand implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
