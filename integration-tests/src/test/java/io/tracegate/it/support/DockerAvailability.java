package io.tracegate.it.support;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.testcontainers.DockerClientFactory;

/**
 * Answers "can Testcontainers reach a Docker engine?" without ever hanging or throwing.
 *
 * <p>{@link DockerClientFactory#isDockerAvailable()} tries several client strategies; with no
 * engine it answers {@code false} within a second, but a {@code DOCKER_HOST} pointing at an
 * unreachable TCP address can make it wait on a connect. The probe therefore runs on a daemon
 * thread and is abandoned after a time-out.
 */
final class DockerAvailability {

    private DockerAvailability() {
    }

    static boolean isReachable(Duration timeout) {
        FutureTask<Boolean> probe = new FutureTask<>(() -> DockerClientFactory.instance().isDockerAvailable());
        Thread thread = new Thread(probe, "docker-availability-probe");
        thread.setDaemon(true);
        thread.start();
        try {
            return probe.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException | RuntimeException | LinkageError e) {
            probe.cancel(true);
            return false;
        }
    }
}
