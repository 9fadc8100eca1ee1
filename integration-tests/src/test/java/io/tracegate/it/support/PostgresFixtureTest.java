package io.tracegate.it.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PostgresFixtureTest {

    private static PostgresFixture postgres;

    @BeforeAll
    static void startPostgres() {
        postgres = PostgresFixture.shared();
    }

    @Test
    void sharedFixtureIsStartedOncePerJvm() {
        assertThat(PostgresFixture.shared()).isSameAs(postgres);
        assertThatThrownBy(postgres::close).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void serverIsPostgres17WithRoomForManyConnections() throws SQLException {
        try (Connection connection = postgres.connectAsSuperuser();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(
                        "SELECT current_setting('server_version_num')::int, current_setting('max_connections')::int")) {
            rs.next();
            assertThat(rs.getInt(1) / 10000).isEqualTo(17);
            assertThat(rs.getInt(2)).isEqualTo(300);
        }
    }

    @Test
    void gatewayRoleOwnsTracesTableAndCanWriteAndReadIt() throws SQLException {
        try (Connection connection = postgres.connectAsGateway()) {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO public.agent_traces (agent, reasoning, payload) VALUES (?, ?, ?::jsonb) RETURNING id, created_at")) {
                insert.setString(1, "fixture-test");
                insert.setString(2, "looked up the order");
                insert.setString(3, "{\"step\": 1}");
                try (ResultSet rs = insert.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getLong("id")).isPositive();
                    assertThat(rs.getTimestamp("created_at")).isNotNull();
                }
            }
            try (Statement statement = connection.createStatement();
                    ResultSet rs = statement.executeQuery("""
                            SELECT tableowner, current_database(), current_user
                            FROM pg_tables WHERE schemaname = 'public' AND tablename = 'agent_traces'""")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo(PostgresFixture.GATEWAY_USER);
                assertThat(rs.getString(2)).isEqualTo(PostgresFixture.TRACES_DATABASE);
                assertThat(rs.getString(3)).isEqualTo(PostgresFixture.GATEWAY_USER);
            }
        }
    }

    @Test
    void tracesTableHasTheAgreedColumns() throws SQLException {
        try (Connection connection = postgres.connectAsGateway();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("""
                        SELECT string_agg(column_name || ' ' || data_type || ' ' || is_nullable, ', ' ORDER BY ordinal_position)
                        FROM information_schema.columns
                        WHERE table_schema = 'public' AND table_name = 'agent_traces'""")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("id bigint NO, agent text NO, "
                    + "created_at timestamp with time zone NO, reasoning text YES, payload jsonb YES");
        }
    }

    @Test
    void gatewayPasswordIsStoredAsScramVerifier() throws SQLException {
        try (Connection connection = postgres.connectAsSuperuser();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT rolpassword FROM pg_authid WHERE rolname = 'gateway'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).startsWith("SCRAM-SHA-256$4096:");
        }
    }

    @Test
    void wrongGatewayPasswordIsRefusedByTheServer() {
        assertThatThrownBy(() -> postgres.connect(PostgresFixture.TRACES_DATABASE, PostgresFixture.GATEWAY_USER, "not-the-secret"))
                .isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("28P01"));
    }

    @Test
    void wrongSuperuserPasswordIsRefusedByTheServer() {
        assertThatThrownBy(() -> postgres.connect("postgres", postgres.superuser(), "not-the-password"))
                .isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("28P01"));
    }

    @Test
    void serverAsksForScramOverTcp() {
        // pgjdbc names the method the server asked for when it has no password to answer with.
        Properties noPassword = new Properties();
        noPassword.setProperty("user", PostgresFixture.GATEWAY_USER);
        assertThatThrownBy(() -> DriverManager.getConnection(postgres.tracesJdbcUrl(), noPassword).close())
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("SCRAM");
    }

    @Test
    void createDatabaseGivesAConnectableDatabaseOwnedAsAsked() throws SQLException {
        String url = postgres.createDatabase("fixture_owned_by_gateway", PostgresFixture.GATEWAY_USER);
        assertThat(url).isEqualTo(postgres.jdbcUrl("fixture_owned_by_gateway"));
        try (Connection connection = postgres.connect("fixture_owned_by_gateway", PostgresFixture.GATEWAY_USER,
                        PostgresFixture.GATEWAY_PASSWORD);
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE t (x int)");
            try (ResultSet rs = statement.executeQuery(
                    "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database()")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo(PostgresFixture.GATEWAY_USER);
            }
        }
    }

    @Test
    void truncateTracesEmptiesTheTableAndRestartsIds() throws SQLException {
        PostgresFixture.shared().truncateTraces();
        try (Connection connection = postgres.connectAsGateway(); Statement statement = connection.createStatement()) {
            try (ResultSet rs = statement.executeQuery("SELECT count(*) FROM public.agent_traces")) {
                rs.next();
                assertThat(rs.getLong(1)).isZero();
            }
            try (ResultSet rs = statement.executeQuery(
                    "INSERT INTO public.agent_traces (agent) VALUES ('after-truncate') RETURNING id")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(1);
            }
        }
    }
}
