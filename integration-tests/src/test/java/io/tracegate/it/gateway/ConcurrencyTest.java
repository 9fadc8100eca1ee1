package io.tracegate.it.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracegate.it.support.GatewayExtension;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A hundred clients at once, each with its own session and its own upstream connection. */
class ConcurrencyTest {

    private static final int CLIENTS = 100;
    private static final String APPLICATION_PREFIX = "it-gw-concurrent-";

    @RegisterExtension
    static final GatewayExtension gateway = GatewayExtension.perClass();

    @Test
    void aHundredConcurrentConnectionsAllSucceed() throws Exception {
        // All clients log in, then all query while every one of them is connected, then all leave.
        CyclicBarrier connected = new CyclicBarrier(CLIENTS + 1);
        CyclicBarrier counted = new CyclicBarrier(CLIENTS + 1);
        ExecutorService threads = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                int client = i;
                results.add(threads.submit(() -> runClient(client, connected, counted)));
            }
            connected.await(60, TimeUnit.SECONDS);
            long sessions = Direct.queryLongAsSuperuser("SELECT count(*) FROM pg_stat_activity WHERE application_name LIKE '"
                    + APPLICATION_PREFIX + "%'");
            counted.await(60, TimeUnit.SECONDS);
            assertThat(sessions).as("upstream sessions while all clients are connected").isEqualTo(CLIENTS);
            for (int i = 0; i < CLIENTS; i++) {
                assertThat(results.get(i).get(60, TimeUnit.SECONDS)).as("client %d", i).isEqualTo(i);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    private static int runClient(int client, CyclicBarrier connected, CyclicBarrier counted) throws Exception {
        Properties properties = new Properties();
        properties.setProperty("ApplicationName", APPLICATION_PREFIX + client);
        try (Connection connection = gateway.connect(properties)) {
            connected.await(60, TimeUnit.SECONDS);
            counted.await(60, TimeUnit.SECONDS);
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT ?::int, current_setting('application_name'), count(*) FROM generate_series(1, ?)")) {
                for (int query = 0; query < 8; query++) {
                    statement.setInt(1, client);
                    statement.setInt(2, 100 + query);
                    try (ResultSet rs = statement.executeQuery()) {
                        if (!rs.next() || rs.getInt(1) != client || rs.getLong(3) != 100 + query
                                || !rs.getString(2).equals(APPLICATION_PREFIX + client)) {
                            throw new SQLException("client " + client + " got a wrong answer to query " + query);
                        }
                    }
                }
            }
            return client;
        }
    }
}
