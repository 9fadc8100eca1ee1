package io.tracegate.proxy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tracegate.policy.audit.AuditEvent;
import io.tracegate.policy.config.AuditConfig;
import io.tracegate.policy.config.AuditFailureMode;
import io.tracegate.policy.config.AuditSinkKind;
import io.tracegate.policy.config.JdbcConfig;
import io.tracegate.proxy.audit.AuditFiles;
import io.tracegate.proxy.audit.AuditLog;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditCommandTest {

    static final Instant START = Instant.parse("2026-11-25T10:00:00Z");

    @TempDir
    Path dir;
    Path live;

    @BeforeEach
    void writeLog() {
        live = dir.resolve("audit.jsonl");
        AuditConfig config = new AuditConfig(AuditSinkKind.FILE, live, JdbcConfig.NONE, AuditFailureMode.BLOCK, 1_200);
        // Two runs of the gateway: the second one's first batch finds the file full and rotates it.
        for (int run = 0; run < 2; run++) {
            try (AuditLog auditLog = AuditLog.create(config, new SimpleMeterRegistry())) {
                for (int n = 1 + 6 * run; n <= 6 + 6 * run; n++) {
                    auditLog.append(event(n));
                }
            }
        }
    }

    private static AuditEvent event(int n) {
        return AuditEvent.builder(AuditEvent.STATEMENT).time(START.plusSeconds(60L * n))
                .sessionId("s-" + n).identity(n % 3 == 0 ? "agent-9" : "agent-7")
                .statementKind("insert").tables(Set.of(n % 2 == 0 ? "public.agent_traces" : "public.notes"))
                .statementText("INSERT INTO public.agent_traces (reasoning)\nVALUES ('<EMAIL>')")
                .decision(n % 4 == 0 ? "block" : "mask").ruleName(n % 4 == 0 ? "no-ddl" : "agents-write-traces")
                .commandTag(n % 4 == 0 ? null : "INSERT 0 1").sqlState(n % 4 == 0 ? "42501" : null)
                .durationMicros(1500L).build();
    }

    private String[] chainArgs(String... leading) {
        List<String> args = new ArrayList<>(List.of(leading));
        AuditFiles.chain(live).forEach(file -> args.add(file.toString()));
        return args.toArray(String[]::new);
    }

    @Test
    void verifyExitsZeroForAnIntactChainAcrossRotatedFiles() {
        CommandRun run = CommandRun.of(new AuditCommand(), chainArgs("verify"));

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("12 record(s), seq 1..12, chain intact");
        assertThat(run.err()).isEmpty();
        assertThat(AuditFiles.rotated(live)).isNotEmpty();
    }

    @Test
    void verifyOfTheLiveFileAloneNotesWhereItsChainStarts() {
        CommandRun run = CommandRun.of(new AuditCommand(), "verify", live.toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("note: " + live.toAbsolutePath() + " starts the chain at seq");
    }

    @Test
    void verifyExitsOneNamingTheFirstBadLine() throws Exception {
        List<String> lines = new ArrayList<>(Files.readAllLines(live, StandardCharsets.UTF_8));
        lines.set(0, lines.get(0).replace("agent-7", "agent-0").replace("agent-9", "agent-0"));
        Files.write(live, lines, StandardCharsets.UTF_8);

        CommandRun run = CommandRun.of(new AuditCommand(), chainArgs("verify"));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains(live.toAbsolutePath() + ":1: altered").contains("audit chain BROKEN");
    }

    @Test
    void verifyExitsTwoWhenTheLogCannotBeRead() {
        CommandRun run = CommandRun.of(new AuditCommand(), "verify", dir.resolve("missing.jsonl").toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("cannot read the audit log");
        assertThat(CommandRun.of(new AuditCommand(), "verify").exitCode()).isEqualTo(2);
    }

    @Test
    void queryFiltersAndPrintsOneReadableLinePerEvent() {
        CommandRun run = CommandRun.of(new AuditCommand(), chainArgs("query", "--identity", "agent-7",
                "--decision", "block", "--table", "agent_traces"));

        assertThat(run.exitCode()).isZero();
        assertThat(run.out().lines().toList()).containsExactly(
                "2026-11-25T10:04:00Z statement identity=agent-7 session=s-4 block(no-ddl) kind=insert"
                        + " tables=public.agent_traces sqlstate=42501 duration=1.5ms"
                        + " sql=\"INSERT INTO public.agent_traces (reasoning) VALUES ('<EMAIL>')\"",
                "2026-11-25T10:08:00Z statement identity=agent-7 session=s-8 block(no-ddl) kind=insert"
                        + " tables=public.agent_traces sqlstate=42501 duration=1.5ms"
                        + " sql=\"INSERT INTO public.agent_traces (reasoning) VALUES ('<EMAIL>')\"");
    }

    @Test
    void queryByTimeWindowAsJson() {
        CommandRun run = CommandRun.of(new AuditCommand(), chainArgs("query", "--since", "2026-11-25T10:03:00Z",
                "--until", "2026-11-25T10:05:00Z", "--json"));

        assertThat(run.exitCode()).isZero();
        List<AuditEvent> events = run.out().lines().map(AuditEvent::fromJson).toList();
        assertThat(events).extracting(AuditEvent::time)
                .containsExactly(START.plusSeconds(180), START.plusSeconds(240));
        assertThat(run.out()).doesNotContain("\"seq\"");
    }

    @Test
    void queryOverAnUnreachableDatabaseExitsTwoAndFilesAndUrlDoNotMix() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        CommandRun run = CommandRun.of(new AuditCommand(), "query", "--url",
                "jdbc:postgresql://127.0.0.1:" + closedPort + "/control", "--user", "auditor");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("cannot read the audit log");
        CommandRun both = CommandRun.of(new AuditCommand(), "query", "--url", "jdbc:postgresql://x/y", live.toString());
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("not both");
    }

    @Test
    void queryRejectsABadTime() {
        CommandRun run = CommandRun.of(new AuditCommand(), chainArgs("query", "--since", "last tuesday"));

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("is not a time");
    }

    @Test
    void tailPrintsTheLastEvents() {
        CommandRun run = CommandRun.of(new AuditCommand(), "tail", "-n", "2", live.toString());

        assertThat(run.exitCode()).isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).startsWith("2026-11-25T10:11:00Z statement");
        assertThat(lines.get(1)).startsWith("2026-11-25T10:12:00Z statement");
    }
}
