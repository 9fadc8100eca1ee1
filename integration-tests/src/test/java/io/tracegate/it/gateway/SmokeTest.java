package io.tracegate.it.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracegate.it.support.GatewayFixture;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SmokeTest {

    private static GatewayFixture gateway;

    @BeforeAll
    static void start() {
        gateway = GatewayFixture.start();
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void agentQueriesThroughTheGatewayAsTheGatewayRole() throws Exception {
        try (Connection connection = gateway.connect();
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT current_user, current_setting('application_name')")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("gateway");
            assertThat(rs.getString(2)).isEqualTo("PostgreSQL JDBC Driver");
        }
    }
}
