package io.tracegate.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;

/**
 * The scanner benchmark's operations timed by the thread's CPU time, for machines where other
 * work competes for the cores and wall-clock throughput says more about the neighbours than
 * about the scanner. Warms up for 20 s, then reports the best of 60 rounds of 300 operations
 * (the best round is the one least disturbed by cache pressure from other processes).
 * Run with {@code bench/scanner.sh --cpu-time}.
 */
final class CpuTimeCheck {
    private static final int ROUNDS = 60;
    private static final int PER_ROUND = 300;

    private CpuTimeCheck() {
    }

    static void run() {
        ScannerBenchmark b = new ScannerBenchmark();
        b.setUp();
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long warmUntil = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < warmUntil) {
            b.scanClean();
            b.scanWithFindings();
            b.maskClean();
            b.maskWithFindings();
        }
        System.out.println("benchmark (4 KB texts, CPU time)     us/op     MB/s");
        report("scanClean", mx, b::scanClean);
        report("scanWithFindings", mx, b::scanWithFindings);
        report("maskClean", mx, b::maskClean);
        report("maskWithFindings", mx, b::maskWithFindings);
    }

    private static void report(String name, ThreadMXBean mx, Runnable op) {
        double best = Double.MAX_VALUE;
        for (int round = 0; round < ROUNDS; round++) {
            long start = mx.getCurrentThreadCpuTime();
            for (int i = 0; i < PER_ROUND; i++) {
                op.run();
            }
            best = Math.min(best, (mx.getCurrentThreadCpuTime() - start) / 1000.0 / PER_ROUND);
        }
        System.out.printf(Locale.ROOT, "%-34s %8.1f %8.1f%n", name, best, ScannerBenchmark.SIZE / best);
    }
}
