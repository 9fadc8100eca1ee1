package io.tracegate.it.masking;

import io.tracegate.it.support.GatewayFixture;
import io.tracegate.it.support.PostgresFixture;
import java.io.File;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs psql against a gateway as the agent, the way a shell script of an agent would. */
final class Psql {

    /** How psql ended: exit code, and what it printed (stdout and stderr together). */
    record Result(int exitCode, String output) {
    }

    private static final long TIMEOUT_SECONDS = 60;

    private Psql() {
    }

    /** True when a {@code psql} program is on the PATH. */
    static boolean isInstalled() {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String directory : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(directory, "psql"))) {
                return true;
            }
        }
        return false;
    }

    /** {@code psql -c sql}: the whole string goes to the server as one Query message. */
    static Result command(GatewayFixture gateway, String sql) throws IOException, InterruptedException {
        return run(gateway, List.of("-c", sql));
    }

    /**
     * {@code psql -f script}: psql sends each statement by itself (statements joined with
     * {@code \;} go together), and COPY ... FROM STDIN reads its rows from the script.
     */
    static Result script(GatewayFixture gateway, String script) throws IOException, InterruptedException {
        return script(gateway, script, StandardCharsets.UTF_8, "UTF8");
    }

    /**
     * A script written in {@code charset} and run with that client_encoding ({@code encoding},
     * PostgreSQL's name for it): psql sends its bytes as they are and the server converts them.
     */
    static Result script(GatewayFixture gateway, String script, Charset charset, String encoding)
            throws IOException, InterruptedException {
        Path file = Files.createTempFile("tracegate-it-", ".sql");
        try {
            Files.writeString(file, script, charset);
            return run(gateway, List.of("-f", file.toString()), encoding);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static Result run(GatewayFixture gateway, List<String> arguments) throws IOException, InterruptedException {
        return run(gateway, arguments, "UTF8");
    }

    private static Result run(GatewayFixture gateway, List<String> arguments, String clientEncoding)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-v", "VERBOSITY=verbose",
                "-h", "127.0.0.1", "-p", Integer.toString(gateway.port()), "-U", GatewayFixture.AGENT,
                "-d", PostgresFixture.TRACES_DATABASE));
        command.addAll(arguments);
        Path output = Files.createTempFile("tracegate-it-psql-", ".out");
        try {
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            builder.environment().put("PGPASSWORD", GatewayFixture.AGENT_PASSWORD);
            builder.environment().put("PGSSLMODE", "disable");
            builder.environment().put("PGCLIENTENCODING", clientEncoding);
            builder.environment().put("PGCONNECT_TIMEOUT", "10");
            Process process = builder.start();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new IOException("psql did not finish within " + TIMEOUT_SECONDS + " s: "
                        + Files.readString(output, StandardCharsets.UTF_8));
            }
            return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
