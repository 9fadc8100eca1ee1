package io.tracegate.it.masking;

import io.tracegate.it.support.GatewayFixture;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;

/** pgjdbc connections through a gateway with the driver settings a test varies. */
final class Gateways {

    private Gateways() {
    }

    /** A connection through {@code gateway} with pgjdbc properties given as name/value pairs. */
    static Connection connect(GatewayFixture gateway, String... settings) throws SQLException {
        if (settings.length % 2 != 0) {
            throw new IllegalArgumentException("settings come in name/value pairs");
        }
        Properties properties = new Properties();
        for (int i = 0; i < settings.length; i += 2) {
            properties.setProperty(settings[i], settings[i + 1]);
        }
        return gateway.connect(properties);
    }

    /** Simple query protocol only: every statement, parameters inlined by the driver, goes as one Query message. */
    static Connection simple(GatewayFixture gateway) throws SQLException {
        return connect(gateway, "preferQueryMode", "simple");
    }
}
