package io.tracegate.proxy.session;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Threads that apply the policy to large statements and Bind values, so that scanning a multi-kilobyte trace
 * for sensitive values neither stalls the other sessions of its event loop nor caps the
 * gateway at what one loop thread can scan. Small statements stay on the event loop: for them
 * the hand-over would cost more than the work.
 *
 * <p>The session reads nothing more from its client until the verdict is back (the same pause
 * a held statement uses), so statements keep their order. When every worker is busy and the
 * queue is full, the event loop does the work itself rather than refuse the statement.
 */
public final class PolicyWorkers implements AutoCloseable {

    /**
     * Statements at least this long go to a worker. Evaluation costs about 20 ns a character
     * on the masking path (a 4 KB trace with findings: ~86 us), the hand-over two thread
     * wake-ups (~10-20 us here), so below a kilobyte or two it does not pay.
     */
    public static final int DEFAULT_THRESHOLD_CHARS = 2048;
    private static final int QUEUE_CAPACITY = 4096;

    private final ThreadPoolExecutor pool;
    private final int thresholdChars;

    private PolicyWorkers(ThreadPoolExecutor pool, int thresholdChars) {
        this.pool = pool;
        this.thresholdChars = thresholdChars;
    }

    /** {@code threads} workers (daemons) taking statements of at least {@code thresholdChars}. */
    public static PolicyWorkers start(int threads, int thresholdChars) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be positive: " + threads);
        }
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(QUEUE_CAPACITY), work -> {
                    Thread thread = new Thread(work, "tracegate-policy-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                }, new ThreadPoolExecutor.CallerRunsPolicy());
        return new PolicyWorkers(pool, thresholdChars);
    }

    /** Whether a statement of this text is worth handing to a worker. */
    boolean takes(String sql) {
        return sql.length() >= thresholdChars;
    }

    /** Whether Bind values of these texts (nulls: not inspected) are worth handing to a worker. */
    boolean takes(List<String> values) {
        long total = 0;
        for (String value : values) {
            if (value != null) {
                total += value.length();
            }
        }
        return total >= thresholdChars;
    }

    /** Runs {@code work} on a worker (or, when all are saturated, on the calling thread). */
    <T> CompletableFuture<T> evaluate(Supplier<T> work) {
        return CompletableFuture.supplyAsync(work, pool);
    }

    @Override
    public void close() {
        pool.shutdown();
    }
}
