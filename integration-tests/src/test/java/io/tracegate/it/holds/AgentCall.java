package io.tracegate.it.holds;

import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A blocking JDBC call on a thread of its own: the agent waiting for a held statement while the
 * test plays the reviewer.
 */
final class AgentCall<T> {

    /** The agent's side of the call. */
    @FunctionalInterface
    interface Body<T> {
        T run() throws SQLException;
    }

    private final CompletableFuture<T> result = new CompletableFuture<>();
    private volatile long finishedAt;

    private AgentCall() {
    }

    static <T> AgentCall<T> start(String name, Body<T> body) {
        AgentCall<T> call = new AgentCall<>();
        Thread thread = new Thread(() -> {
            try {
                T value = body.run();
                call.finishedAt = System.nanoTime();
                call.result.complete(value);
            } catch (Throwable e) {
                call.finishedAt = System.nanoTime();
                call.result.completeExceptionally(e);
            }
        }, "agent-" + name);
        thread.setDaemon(true);
        thread.start();
        return call;
    }

    boolean isDone() {
        return result.isDone();
    }

    /** When the call returned or threw ({@link System#nanoTime()}). */
    long finishedAt() {
        return finishedAt;
    }

    /** The call's value; rethrows its SQLException. */
    T await(Duration timeout) throws SQLException, InterruptedException, TimeoutException {
        try {
            return result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SQLException sql) {
                throw sql;
            }
            throw new AssertionError("the agent's call failed unexpectedly", e.getCause());
        }
    }

    /** The SQLException the call ended with; fails when it returned normally. */
    SQLException awaitFailure(Duration timeout) throws InterruptedException, TimeoutException {
        try {
            T value = await(timeout);
            throw new AssertionError("the agent's call returned " + value + " instead of failing");
        } catch (SQLException e) {
            return e;
        }
    }
}
