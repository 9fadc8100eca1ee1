package io.tracegate.it.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracegate.it.support.GatewayFixture;
import java.io.OutputStream;
import java.sql.Connection;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

/**
 * A client that stops reading stops the database too: the gateway turns a full client socket
 * into autoRead off upstream instead of buffering the result in memory.
 */
class BackPressureTest {

    private static final int ROWS = 200_000;
    private static final int ROW_BYTES = 1_001; // 1,000 characters and a newline

    private static GatewayFixture gateway;
    private static ExecutorService executor;

    @BeforeAll
    static void start() {
        gateway = GatewayFixture.start();
        executor = Executors.newSingleThreadExecutor();
    }

    @AfterAll
    static void stop() {
        executor.shutdownNow();
        gateway.close();
    }

    @Test
    void aClientThatStopsReadingHoldsTheServerBackInsteadOfFillingTheGatewaysMemory() throws Exception {
        String application = "it-gw-slow-reader-" + UUID.randomUUID();
        Properties properties = new Properties();
        properties.setProperty("ApplicationName", application);
        CountDownLatch resume = new CountDownLatch(1);
        AtomicLong received = new AtomicLong();
        OutputStream slowReader = new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                try {
                    resume.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                received.addAndGet(length);
            }
        };
        try (Connection connection = gateway.connect(properties)) {
            Future<Long> copy = executor.submit(() -> connection.unwrap(PGConnection.class).getCopyAPI().copyOut(
                    "COPY (SELECT repeat('x', 1000) FROM generate_series(1, " + ROWS + ")) TO STDOUT", slowReader));
            try {
                // 200 MB is far more than the socket buffers and the gateway's write buffer can
                // hold: with back-pressure the server must end up waiting to write.
                assertThat(awaitServerBlockedOnWrite(application))
                        .as("the upstream backend waits on ClientWrite while the client reads nothing").isTrue();
            } finally {
                resume.countDown();
            }
            assertThat(copy.get(60, TimeUnit.SECONDS)).isEqualTo(ROWS);
            assertThat(received.get()).isEqualTo((long) ROWS * ROW_BYTES);
        }
    }

    private static boolean awaitServerBlockedOnWrite(String application) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        int consecutive = 0;
        while (System.nanoTime() < deadline) {
            long blocked = Direct.queryLongAsSuperuser("SELECT count(*) FROM pg_stat_activity WHERE application_name = '"
                    + application + "' AND state = 'active' AND wait_event = 'ClientWrite'");
            // Seen several times in a row: a backend that merely paused while writing is not enough.
            consecutive = blocked == 1 ? consecutive + 1 : 0;
            if (consecutive == 5) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }
}
