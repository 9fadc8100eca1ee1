package io.tracegate.it.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracegate.it.support.GatewayExtension;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SmokeTest {

    @RegisterExtension
    static final GatewayExtension gateway = GatewayExtension.perClass();

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
