package io.tracegate.proxy.approval;

import io.tracegate.policy.config.JdbcConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.function.Consumer;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection of its own (outside the pool, since it stays in LISTEN) that waits for
 * decisions made on any replica. After every (re)connect it runs {@code onConnected}, because
 * notifications sent while it was not listening are lost; the service then re-reads its holds.
 */
final class PostgresListener implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PostgresListener.class);
    private static final int POLL_MILLIS = 250;
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private final JdbcConfig jdbc;
    private final String channel;
    private final Consumer<String> onNotification;
    private final Runnable onConnected;
    private final Thread thread;
    private volatile boolean running = true;

    PostgresListener(JdbcConfig jdbc, String channel, Consumer<String> onNotification, Runnable onConnected) {
        this.jdbc = jdbc;
        this.channel = channel;
        this.onNotification = onNotification;
        this.onConnected = onConnected;
        this.thread = new Thread(this::run, "tracegate-approvals-listen");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void run() {
        long backoffMillis = 100;
        while (running) {
            try (Connection connection = connect(); Statement statement = connection.createStatement()) {
                statement.execute("LISTEN " + channel);
                backoffMillis = 100;
                onConnected.run();
                PGConnection pg = connection.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] notifications = pg.getNotifications(POLL_MILLIS);
                    if (notifications != null) {
                        for (PGNotification notification : notifications) {
                            onNotification.accept(notification.getParameter());
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (!running) {
                    return;
                }
                log.warn("approval notifications lost their connection ({}); reconnecting in {} ms",
                        e.getMessage(), backoffMillis);
                try {
                    Thread.sleep(backoffMillis);
                } catch (InterruptedException interrupted) {
                    return;
                }
                backoffMillis = Math.min(backoffMillis * 2, MAX_BACKOFF.toMillis());
            }
        }
    }

    private Connection connect() throws SQLException {
        Properties properties = new Properties();
        jdbc.user().ifPresent(user -> properties.setProperty("user", user));
        jdbc.password().ifPresent(password -> properties.setProperty("password", password));
        properties.setProperty("ApplicationName", "tracegate-approvals-listen");
        properties.setProperty("tcpKeepAlive", "true");
        return DriverManager.getConnection(jdbc.url().orElseThrow(), properties);
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(POLL_MILLIS * 8L);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
