package io.tracegate.proxy.cli;

import io.tracegate.policy.audit.AuditEvent;
import io.tracegate.proxy.audit.AuditEventFormatter;
import io.tracegate.proxy.audit.AuditFilter;
import io.tracegate.proxy.audit.AuditReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tracegate audit query}: the events that match, from files or the postgres sink. */
@Command(name = "query", mixinStandardHelpOptions = true,
        description = "Print the audit events that match every filter given, oldest first, from audit files"
                + " or the postgres sink's table (--url).")
final class AuditQueryCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", arity = "0..*", description = "Audit files (e.g. audit*.jsonl).")
    private List<Path> files = List.of();

    @Mixin
    private AuditPostgresOptions postgres;

    @Option(names = "--identity", paramLabel = "NAME", description = "Only events of this gateway identity.")
    private String identity;

    @Option(names = "--table", paramLabel = "TABLE",
            description = "Only statements naming this table (schema optional: agent_traces matches public.agent_traces).")
    private String table;

    @Option(names = "--decision", paramLabel = "DECISION",
            description = "Only this decision: allow, mask, block, hold, approved, rejected.")
    private String decision;

    @Option(names = "--event", paramLabel = "TYPE",
            description = "Only this event type: statement, connection_open, connection_close, auth_failure,"
                    + " approval_requested, approval_decided, policy_reload, audit_gap.")
    private String eventType;

    @Option(names = "--since", paramLabel = "TIME", converter = AuditTimeConverter.class,
            description = "From this time on (inclusive): 2026-11-25T10:00:00Z, 2026-11-25 (UTC), or 2h, 7d back from now.")
    private Instant since;

    @Option(names = "--until", paramLabel = "TIME", converter = AuditTimeConverter.class,
            description = "Before this time (exclusive), same forms as --since.")
    private Instant until;

    @Option(names = "--json", description = "One JSON object per line, as stored (without the chain fields).")
    private boolean json;

    @Option(names = "--limit", paramLabel = "N", description = "Stop after N events.")
    private long limit = Long.MAX_VALUE;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (files.isEmpty() == !postgres.given()) {
            err.println("tracegate audit query: give audit files or --url, not both and not neither");
            return 2;
        }
        AuditFilter filter = new AuditFilter(Optional.ofNullable(identity), Optional.ofNullable(table),
                Optional.ofNullable(decision), Optional.ofNullable(eventType), Optional.ofNullable(since),
                Optional.ofNullable(until));
        long[] printed = {0};
        Consumer<AuditEvent> print = event -> {
            if (printed[0]++ < limit) {
                out.println(json ? event.toJson() : AuditEventFormatter.format(event));
            }
        };
        try {
            if (postgres.given()) {
                try (Connection connection = postgres.connect()) {
                    AuditReader.read(connection, filter, print, err::println);
                }
            } else {
                AuditReader.read(files, filter, print, err::println);
            }
        } catch (IOException | SQLException e) {
            err.println("tracegate audit query: cannot read the audit log: " + e.getMessage());
            return 2;
        }
        out.flush();
        return 0;
    }
}
