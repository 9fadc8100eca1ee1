#!/usr/bin/env bash
# JMH benchmark of the detection scanner and text masking on 4 KB traces (target >= 100 MB/s
# per core). Builds the test classes of integration-tests, then runs ScannerBenchmark's main,
# which prints MB/s per benchmark. Extra arguments go to JMH's own command line instead,
# e.g. bench/scanner.sh ScannerBenchmark -f 1 -wi 5 -i 10; --cpu-time times by CPU time (busy machines).
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -pl integration-tests -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
exec java -cp "integration-tests/target/test-classes:$(cat integration-tests/target/bench.classpath)" \
    io.tracegate.bench.ScannerBenchmark "$@"
