package io.tracegate.proxy.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PolicyWorkersTest {

    @Test
    void takesStatementsAndBindValuesFromTheThresholdOn() {
        try (PolicyWorkers workers = PolicyWorkers.start(1, 100)) {
            assertThat(workers.takes("x".repeat(99))).isFalse();
            assertThat(workers.takes("x".repeat(100))).isTrue();
            assertThat(workers.takes(Arrays.asList("x".repeat(60), null, "y".repeat(39)))).isFalse();
            assertThat(workers.takes(Arrays.asList("x".repeat(60), null, "y".repeat(40)))).isTrue();
        }
    }

    @Test
    void evaluatesOnAWorkerThreadAndOnTheCallerWhenSaturated() throws Exception {
        try (PolicyWorkers workers = PolicyWorkers.start(1, 1)) {
            assertThat(workers.evaluate(() -> Thread.currentThread().getName()).get(5, TimeUnit.SECONDS))
                    .startsWith("tracegate-policy-");

            CountDownLatch release = new CountDownLatch(1);
            workers.evaluate(() -> await(release)); // the one worker is busy
            for (int i = 0; i < 4096; i++) {
                workers.evaluate(() -> "queued"); // and the queue full
            }
            String ranOn = workers.evaluate(() -> Thread.currentThread().getName()).get(5, TimeUnit.SECONDS);
            release.countDown();
            assertThat(ranOn).isEqualTo(Thread.currentThread().getName());
        }
    }

    private static String await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "done";
    }

    @Test
    void listsOfNothingAreNotWorthAWorker() {
        try (PolicyWorkers workers = PolicyWorkers.start(1, 1)) {
            assertThat(workers.takes(List.of())).isFalse();
        }
    }
}
