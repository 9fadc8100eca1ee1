package io.tracegate.bench;

import io.tracegate.policy.MaskStrategy;
import io.tracegate.policy.detect.DetectorSet;
import io.tracegate.policy.detect.Finding;
import io.tracegate.policy.mask.Masker;
import io.tracegate.policy.mask.MaskedValue;
import io.tracegate.policy.mask.ValueMasker;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Throughput of the detection scanner ({@link DetectorSet#scan}) and of text masking
 * ({@link ValueMasker#maskText}) over 4 KB reasoning-trace texts, one without any finding
 * and one with a dozen (cards, e-mails, phones, an IBAN, an SSN, keys, a URL and a shell
 * command), every built-in detector enabled, on one thread. Target: 100 MB/s per core.
 *
 * <p>Run it (from the project root; {@code bench/scanner.sh} does the same):
 * <pre>
 * mvn -B -q -pl integration-tests -am test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
 * java -cp "integration-tests/target/test-classes:$(cat integration-tests/target/bench.classpath)" \
 *     io.tracegate.bench.ScannerBenchmark
 * </pre>
 * {@link #main} runs JMH with short settings (1 fork, 20 x 1 s warm-up, 5 x 1 s measurement;
 * the warm-up is that long because on a busy 2-core machine the JIT took up to 20 s to
 * compile the masking path, throughput jumping from ~15 to ~70 MB/s when it did) and prints
 * MB/s per benchmark; pass any argument to use JMH's own command line instead
 * ({@code ... org.openjdk.jmh.Main ScannerBenchmark -f 1 -wi 5}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(1)
@Warmup(iterations = 20, time = 1)
@Measurement(iterations = 5, time = 1)
public class ScannerBenchmark {
    static final int SIZE = 4096;

    private DetectorSet detectors;
    private ValueMasker masker;
    private String clean;
    private String withFindings;

    @Setup
    public void setUp() {
        detectors = DetectorSet.all();
        masker = new ValueMasker(detectors, new Masker(MaskStrategy.REDACT,
                Map.of("credit_card", MaskStrategy.PARTIAL, "email", MaskStrategy.HASH),
                "bench-key".getBytes(StandardCharsets.UTF_8)));
        clean = Traces.clean(SIZE);
        withFindings = Traces.withFindings(SIZE);
        check();
    }

    /** Guards against benchmarking a scanner that finds nothing, or finds things in clean text. */
    private void check() {
        if (!detectors.scan(clean).isEmpty()) {
            throw new IllegalStateException("clean trace has findings: " + detectors.scan(clean));
        }
        if (detectors.scan(withFindings).size() < 10) {
            throw new IllegalStateException("trace with findings has too few: " + detectors.scan(withFindings));
        }
    }

    @Benchmark
    public List<Finding> scanClean() {
        return detectors.scan(clean);
    }

    @Benchmark
    public List<Finding> scanWithFindings() {
        return detectors.scan(withFindings);
    }

    @Benchmark
    public MaskedValue maskClean() {
        return masker.maskText(clean);
    }

    @Benchmark
    public MaskedValue maskWithFindings() {
        return masker.maskText(withFindings);
    }

    public static void main(String[] args) throws RunnerException, java.io.IOException {
        if (args.length == 1 && args[0].equals("--cpu-time")) {
            CpuTimeCheck.run();
            return;
        }
        if (args.length > 0) {
            org.openjdk.jmh.Main.main(args);
            return;
        }
        Options options = new OptionsBuilder()
                .include(ScannerBenchmark.class.getName() + "\\.")
                .forks(1)
                .warmupIterations(20)
                .warmupTime(org.openjdk.jmh.runner.options.TimeValue.seconds(1))
                .measurementIterations(5)
                .measurementTime(org.openjdk.jmh.runner.options.TimeValue.seconds(1))
                .build();
        System.out.println();
        System.out.println("benchmark (4 KB texts, 1 thread)      MB/s");
        for (RunResult result : new Runner(options).run()) {
            double opsPerSecond = result.getPrimaryResult().getScore();
            String name = result.getParams().getBenchmark();
            System.out.printf(Locale.ROOT, "%-36s %8.1f%n", name.substring(name.lastIndexOf('.') + 1),
                    opsPerSecond * SIZE / 1_000_000.0);
        }
    }
}
