package io.tracegate.it.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tracegate.it.support.GatewayExtension;
import io.tracegate.it.support.PostgresFixture;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.PGConnection;
import org.postgresql.util.PSQLException;

/**
 * Session settings a client brings in its StartupMessage reach the pooled upstream session;
 * ParameterStatus and notices come back to the client.
 */
class SessionSettingsTest {

    @RegisterExtension
    static final GatewayExtension gateway = GatewayExtension.perClass();

    @Test
    void startupParametersAndOptionsBecomeTheSameSettingsAsOnADirectConnection() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("ApplicationName", "it-gw-settings");
        properties.setProperty("options", "-c statement_timeout=4321 --lock_timeout=1234"
                + " -c search_path=pg_catalog,public -c work_mem=5MB");
        Properties direct = new Properties(properties);
        direct.setProperty("user", PostgresFixture.GATEWAY_USER);
        direct.setProperty("password", PostgresFixture.GATEWAY_PASSWORD);
        try (Connection throughGateway = gateway.connect(properties);
             Connection withoutGateway = DriverManager.getConnection(PostgresFixture.shared().tracesJdbcUrl(), direct)) {
            for (String setting : new String[] {"application_name", "statement_timeout", "lock_timeout", "search_path",
                    "work_mem", "DateStyle", "TimeZone", "extra_float_digits", "client_encoding"}) {
                assertThat(show(throughGateway, setting)).as(setting).isEqualTo(show(withoutGateway, setting));
            }
            assertThat(show(throughGateway, "statement_timeout")).isEqualTo("4321ms");
            // A list setting stays a list: pg_catalog and public, not one schema named "pg_catalog,public".
            assertThat(show(throughGateway, "search_path")).isEqualTo("pg_catalog,public");
            try (Statement statement = throughGateway.createStatement();
                 ResultSet rs = statement.executeQuery("SELECT current_schemas(false)::text")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("{pg_catalog,public}");
            }
        }
    }

    @Test
    void anInvalidStartupSettingIsRefusedLikePostgreSQLDoes() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("options", "-c statement_timeout=soon");
        PSQLException throughGateway = catchThrowableOfType(PSQLException.class, () -> gateway.connect(properties).close());

        Properties direct = new Properties(properties);
        direct.setProperty("user", PostgresFixture.GATEWAY_USER);
        direct.setProperty("password", PostgresFixture.GATEWAY_PASSWORD);
        PSQLException withoutGateway = catchThrowableOfType(PSQLException.class,
                () -> DriverManager.getConnection(PostgresFixture.shared().tracesJdbcUrl(), direct).close());

        assertThat((Throwable) withoutGateway).isNotNull();
        assertThat((Throwable) throughGateway).isNotNull();
        assertThat(throughGateway.getSQLState()).isEqualTo(withoutGateway.getSQLState()).isEqualTo("22023");
        assertThat(throughGateway.getServerErrorMessage().getMessage()).contains("statement_timeout");

        try (Connection connection = gateway.connect()) {
            assertThat(show(connection, "statement_timeout")).isEqualTo("0");
        }
    }

    @Test
    void parameterStatusChangesReachTheClient() throws SQLException {
        try (Connection connection = gateway.connect(); Statement statement = connection.createStatement()) {
            PGConnection pg = connection.unwrap(PGConnection.class);
            assertThat(pg.getParameterStatus("server_version")).startsWith(serverVersionDirect());
            statement.execute("SET application_name = 'renamed-by-the-client'");
            assertThat(pg.getParameterStatus("application_name")).isEqualTo("renamed-by-the-client");
            statement.execute("SET TimeZone = 'Asia/Tokyo'");
            assertThat(pg.getParameterStatus("TimeZone")).isEqualTo("Asia/Tokyo");
        }
    }

    @Test
    void noticesReachTheClientAsWarnings() throws SQLException {
        try (Connection connection = gateway.connect(); Statement statement = connection.createStatement()) {
            statement.execute("ROLLBACK"); // outside a transaction: WARNING 25P01
            SQLWarning warning = statement.getWarnings();
            assertThat((Throwable) warning).isNotNull();
            assertThat(warning.getSQLState()).isEqualTo("25P01");
            assertThat(warning.getMessage()).contains("there is no transaction in progress");
        }
    }

    private static String show(Connection connection, String setting) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery("SHOW " + setting)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static String serverVersionDirect() throws SQLException {
        return Direct.queryString("SHOW server_version");
    }
}
