package io.tracegate.it.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracegate.it.support.GatewayFixture;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * A gateway with three event loops and a small pool: clients keep getting upstream connections
 * that live on another loop than their own, so every upstream event crosses threads.
 */
class MultiLoopTest {

    private static final String TABLE = "it_gw_loops";

    private static GatewayFixture gateway;
    private static ExecutorService threads;

    @BeforeAll
    static void start() throws SQLException {
        Direct.execute("DROP TABLE IF EXISTS " + TABLE,
                "CREATE TABLE " + TABLE + " (client int NOT NULL, round int NOT NULL, PRIMARY KEY (client, round))");
        gateway = GatewayFixture.builder().with("WORKER_THREADS", "3").with("POOL_MAX", "8").start();
        threads = Executors.newFixedThreadPool(16);
    }

    @AfterAll
    static void stop() throws SQLException {
        threads.shutdownNow();
        gateway.close();
        Direct.execute("DROP TABLE IF EXISTS " + TABLE);
    }

    @Test
    void manyShortSessionsOverAFewPooledConnectionsAllSucceed() throws Exception {
        int clients = 16;
        int rounds = 10;
        List<Future<?>> results = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            results.add(threads.submit(() -> {
                for (int round = 0; round < rounds; round++) {
                    try (Connection connection = gateway.connect()) {
                        connection.setAutoCommit(false);
                        try (PreparedStatement insert = connection.prepareStatement(
                                "INSERT INTO " + TABLE + " (client, round) VALUES (?, ?)")) {
                            insert.setInt(1, client);
                            insert.setInt(2, round);
                            insert.executeUpdate();
                        }
                        try (PreparedStatement select = connection.prepareStatement(
                                "SELECT count(*) FROM generate_series(1, ?) g")) {
                            select.setInt(1, 1000 + round);
                            try (ResultSet rs = select.executeQuery()) {
                                rs.next();
                                assertThat(rs.getInt(1)).isEqualTo(1000 + round);
                            }
                        }
                        connection.commit();
                    }
                }
                return null;
            }));
        }
        for (Future<?> result : results) {
            result.get(120, TimeUnit.SECONDS);
        }
        assertThat(Direct.queryLong("SELECT count(*) FROM " + TABLE)).isEqualTo((long) clients * rounds);
    }

    private static Connection connect(String application) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("ApplicationName", application);
        return gateway.connect(properties);
    }

    @Test
    void cancelAndNotificationsWorkAcrossLoops() throws Exception {
        for (int attempt = 0; attempt < 4; attempt++) {
            String application = "it-gw-loops-" + attempt + "-" + System.nanoTime();
            try (Connection sleeper = connect(application); Connection listener = gateway.connect();
                 Connection notifier = gateway.connect(); Statement statement = sleeper.createStatement()) {
                try (Statement listen = listener.createStatement()) {
                    listen.execute("LISTEN it_gw_loops");
                }
                Future<?> sleep = threads.submit(() -> statement.execute("SELECT pg_sleep(30)"));
                Direct.awaitActiveSleep(application);
                statement.cancel();
                assertThatThrownBy(() -> sleep.get(10, TimeUnit.SECONDS))
                        .hasCauseInstanceOf(SQLException.class)
                        .extracting(e -> ((SQLException) e.getCause()).getSQLState()).isEqualTo("57014");

                try (Statement notify = notifier.createStatement()) {
                    notify.execute("NOTIFY it_gw_loops, 'attempt " + attempt + "'");
                }
                PGNotification[] notifications = listener.unwrap(PGConnection.class).getNotifications(10_000);
                assertThat(notifications).hasSize(1);
                assertThat(notifications[0].getParameter()).isEqualTo("attempt " + attempt);
            }
        }
    }
}
