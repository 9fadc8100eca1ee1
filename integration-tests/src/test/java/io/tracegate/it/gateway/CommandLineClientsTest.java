package io.tracegate.it.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tracegate.it.support.GatewayFixture;
import io.tracegate.it.support.PostgresFixture;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * libpq clients through the gateway: psql, and pgbench's select-only run in each of its three
 * query modes. Skipped only where the programs are not installed (CI installs them).
 */
class CommandLineClientsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final Pattern PROCESSED = Pattern.compile("number of transactions actually processed: (\\d+)");
    private static final Pattern FAILED = Pattern.compile("number of failed transactions: (\\d+)");

    private static GatewayFixture gateway;
    private static boolean pgbenchTablesCreated;

    @BeforeAll
    static void start() {
        gateway = GatewayFixture.start();
    }

    @AfterAll
    static void stop() throws SQLException {
        gateway.close();
        if (pgbenchTablesCreated) {
            Direct.execute("DROP TABLE IF EXISTS pgbench_accounts, pgbench_branches, pgbench_history, pgbench_tellers");
        }
    }

    /** libpq settings for the agent through the gateway. */
    private static Map<String, String> throughGateway(String sslmode) {
        return Map.of("PGHOST", "127.0.0.1", "PGPORT", Integer.toString(gateway.port()),
                "PGDATABASE", PostgresFixture.TRACES_DATABASE, "PGUSER", GatewayFixture.AGENT,
                "PGPASSWORD", GatewayFixture.AGENT_PASSWORD, "PGSSLMODE", sslmode, "PGCONNECT_TIMEOUT", "10");
    }

    @ParameterizedTest(name = "sslmode={0}")
    @ValueSource(strings = {"disable", "require"})
    void psqlRunsOneStatement(String sslmode) throws Exception {
        assumeTrue(CommandLine.isInstalled("psql"), "psql is not installed");
        CommandLine.Result result = CommandLine.run(
                List.of("psql", "-X", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-c", "SELECT 1"),
                throughGateway(sslmode), TIMEOUT);
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output().strip()).isEqualTo("1");
    }

    @Test
    void libpqEnvironmentSettingsReachTheSession() throws Exception {
        assumeTrue(CommandLine.isInstalled("psql"), "psql is not installed");
        Map<String, String> environment = new HashMap<>(throughGateway("disable"));
        environment.put("PGOPTIONS", "-c statement_timeout=7s -c search_path=pg_catalog,public");
        environment.put("PGAPPNAME", "it-gw-psql");
        environment.put("PGCLIENTENCODING", "LATIN1");
        CommandLine.Result result = CommandLine.run(List.of("psql", "-X", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-c",
                "SELECT current_setting('statement_timeout'), current_schemas(false)::text,"
                        + " current_setting('application_name'), current_setting('client_encoding')"),
                environment, TIMEOUT);
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output().strip()).isEqualTo("7s|{pg_catalog,public}|it-gw-psql|LATIN1");
    }

    @Test
    void psqlRunsAMultiStatementQuery() throws Exception {
        assumeTrue(CommandLine.isInstalled("psql"), "psql is not installed");
        // One Query message carrying three statements; psql 15 prints every result.
        CommandLine.Result result = CommandLine.run(
                List.of("psql", "-X", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-c",
                        "SELECT 1 AS one; SELECT 'two' AS two; SELECT current_user"),
                throughGateway("disable"), TIMEOUT);
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output().strip().lines()).containsExactly("1", "two", "gateway");
    }

    @Test
    void psqlReportsAnErrorInTheMiddleOfAMultiStatementQuery() throws Exception {
        assumeTrue(CommandLine.isInstalled("psql"), "psql is not installed");
        CommandLine.Result result = CommandLine.run(
                List.of("psql", "-X", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-c", "SELECT 1; SELECT 1/0; SELECT 3"),
                throughGateway("disable"), TIMEOUT);
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.output()).contains("division by zero");
        assertThat(result.output().lines()).contains("1").doesNotContain("3");
    }

    @ParameterizedTest(name = "-M {0}")
    @ValueSource(strings = {"simple", "extended", "prepared"})
    void pgbenchSelectOnlyCompletesWithoutFailures(String mode) throws Exception {
        assumeTrue(CommandLine.isInstalled("pgbench"), "pgbench is not installed");
        initialisePgbenchTables();
        CommandLine.Result result = CommandLine.run(
                List.of("pgbench", "-n", "-S", "-M", mode, "-c", "4", "-j", "2", "-T", "3"),
                throughGateway("disable"), TIMEOUT);
        assertThat(result.exitCode()).as(result.output()).isZero();
        Matcher processed = PROCESSED.matcher(result.output());
        assertThat(processed.find()).as(result.output()).isTrue();
        assertThat(Long.parseLong(processed.group(1))).as(result.output()).isPositive();
        Matcher failed = FAILED.matcher(result.output());
        assertThat(failed.find()).as(result.output()).isTrue();
        assertThat(Long.parseLong(failed.group(1))).as(result.output()).isZero();
    }

    /**
     * {@code pgbench -i} straight against PostgreSQL as the gateway role: it creates and drops
     * tables and vacuums, which the policy does not let agents do.
     */
    private static synchronized void initialisePgbenchTables() throws Exception {
        if (pgbenchTablesCreated) {
            return;
        }
        PostgresFixture postgres = PostgresFixture.shared();
        CommandLine.Result result = CommandLine.run(List.of("pgbench", "-i", "-s", "1", "-q"),
                Map.of("PGHOST", postgres.host(), "PGPORT", Integer.toString(postgres.port()),
                        "PGDATABASE", PostgresFixture.TRACES_DATABASE, "PGUSER", PostgresFixture.GATEWAY_USER,
                        "PGPASSWORD", PostgresFixture.GATEWAY_PASSWORD, "PGSSLMODE", "disable"),
                TIMEOUT);
        assertThat(result.exitCode()).as(result.output()).isZero();
        pgbenchTablesCreated = true;
    }
}
