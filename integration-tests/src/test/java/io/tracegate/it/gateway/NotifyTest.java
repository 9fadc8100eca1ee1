package io.tracegate.it.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracegate.it.support.GatewayExtension;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/** LISTEN/NOTIFY between two clients of the gateway: NotificationResponse relayed asynchronously. */
class NotifyTest {

    @RegisterExtension
    static final GatewayExtension gateway = GatewayExtension.perClass();

    @Test
    void aListenerGetsTheNotificationWithItsPayload() throws SQLException {
        try (Connection listener = gateway.connect(); Connection notifier = gateway.connect()) {
            execute(listener, "LISTEN it_gw_channel");
            execute(notifier, "NOTIFY it_gw_channel, 'payload ✓ 1'");

            // The listener is idle: the notification reaches it without any query of its own.
            PGNotification[] notifications = listener.unwrap(PGConnection.class).getNotifications(10_000);
            assertThat(notifications).hasSize(1);
            assertThat(notifications[0].getName()).isEqualTo("it_gw_channel");
            assertThat(notifications[0].getParameter()).isEqualTo("payload ✓ 1");
        }
    }

    @Test
    void notificationsWaitForCommitAndKeepTheirOrder() throws SQLException {
        try (Connection listener = gateway.connect(); Connection notifier = gateway.connect()) {
            execute(listener, "LISTEN it_gw_ordered");
            PGConnection pgListener = listener.unwrap(PGConnection.class);
            notifier.setAutoCommit(false);
            for (int i = 0; i < 50; i++) {
                execute(notifier, "SELECT pg_notify('it_gw_ordered', 'n" + i + "')");
            }
            assertThat(pgListener.getNotifications(300)).as("before COMMIT").isEmpty();
            notifier.commit();

            List<String> payloads = new ArrayList<>();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (payloads.size() < 50 && System.nanoTime() < deadline) {
                for (PGNotification notification : pgListener.getNotifications(1_000)) {
                    payloads.add(notification.getParameter());
                }
            }
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                expected.add("n" + i);
            }
            assertThat(payloads).isEqualTo(expected);
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
