package io.tracegate.it.observe;

import io.tracegate.it.support.GatewayFixture;
import io.tracegate.it.support.PostgresFixture;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Real clients of a gateway, each tagged with an application_name so its session can be
 * picked out of the audit log: pgjdbc, and psql the way an agent's shell script runs it.
 */
final class Agents {

    /** How psql ended: exit code and its output (stdout and stderr together). */
    record PsqlResult(int exitCode, String output) {
    }

    private static final long PSQL_TIMEOUT_SECONDS = 60;

    private Agents() {
    }

    /**
     * pgjdbc as the agent, extended protocol (its default). {@code assumeMinServerVersion} makes
     * it send application_name in the startup packet, so the session's first event carries it
     * (otherwise pgjdbc sends a {@code SET application_name} once connected).
     */
    static Connection jdbc(GatewayFixture gateway, String applicationName) throws SQLException {
        return jdbc(gateway, applicationName, new Properties());
    }

    static Connection jdbc(GatewayFixture gateway, String applicationName, Properties extra) throws SQLException {
        Properties props = new Properties();
        props.setProperty("ApplicationName", applicationName);
        props.setProperty("assumeMinServerVersion", "9.0");
        props.putAll(extra);
        return gateway.connect(props);
    }

    /** pgjdbc sending every statement as one simple Query message. */
    static Connection simpleJdbc(GatewayFixture gateway, String applicationName) throws SQLException {
        Properties props = new Properties();
        props.setProperty("preferQueryMode", "simple");
        return jdbc(gateway, applicationName, props);
    }

    /** {@code psql -c sql}: the whole string goes to the server as one Query message. */
    static PsqlResult psql(GatewayFixture gateway, String applicationName, String sql)
            throws IOException, InterruptedException {
        return psql(gateway, applicationName, GatewayFixture.AGENT_PASSWORD, List.of("-c", sql));
    }

    /** {@code psql -f script}: one Query per statement; COPY FROM STDIN reads its rows from the script. */
    static PsqlResult psqlScript(GatewayFixture gateway, String applicationName, String script)
            throws IOException, InterruptedException {
        Path file = Files.createTempFile("tracegate-it-observe-", ".sql");
        try {
            Files.writeString(file, script, StandardCharsets.UTF_8);
            return psql(gateway, applicationName, GatewayFixture.AGENT_PASSWORD, List.of("-f", file.toString()));
        } finally {
            Files.deleteIfExists(file);
        }
    }

    static PsqlResult psql(GatewayFixture gateway, String applicationName, String password, List<String> arguments)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1",
                "-h", "127.0.0.1", "-p", Integer.toString(gateway.port()), "-U", GatewayFixture.AGENT,
                "-d", PostgresFixture.TRACES_DATABASE));
        command.addAll(arguments);
        Path output = Files.createTempFile("tracegate-it-observe-psql-", ".out");
        try {
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            builder.environment().put("PGPASSWORD", password);
            builder.environment().put("PGSSLMODE", "disable");
            builder.environment().put("PGAPPNAME", applicationName);
            builder.environment().put("PGCLIENTENCODING", "UTF8");
            builder.environment().put("PGCONNECT_TIMEOUT", "10");
            Process process = builder.start();
            if (!process.waitFor(PSQL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new IOException("psql did not finish within " + PSQL_TIMEOUT_SECONDS + " s: "
                        + Files.readString(output, StandardCharsets.UTF_8));
            }
            return new PsqlResult(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
