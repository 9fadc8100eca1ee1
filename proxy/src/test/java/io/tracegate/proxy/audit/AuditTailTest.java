package io.tracegate.proxy.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditTailTest {

    @TempDir
    Path dir;

    @Test
    void printsTheLastLinesThenFollowsAcrossRotations() throws Exception {
        Path live = dir.resolve("audit.jsonl");
        FileAuditSink sink = new FileAuditSink(live, 1_000);
        sink.open();
        for (int n = 1; n <= 5; n++) {
            sink.write(List.of(TestEvents.statement(n)));
        }
        List<Long> seen = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean stop = new AtomicBoolean();
        CompletableFuture<Void> tail = CompletableFuture.runAsync(() -> {
            try {
                AuditTail.run(live, 1, line -> seen.add(AuditChain.parse(new String(line, StandardCharsets.UTF_8)).seq()),
                        stop::get);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        awaitSize(seen, 1);
        assertThat(seen).containsExactly(5L);

        for (int n = 6; n <= 20; n++) {
            sink.write(List.of(TestEvents.statement(n))); // rotates several times on the way
        }
        sink.close();
        awaitSize(seen, 1 + 15);
        stop.set(true);
        tail.get(10, TimeUnit.SECONDS);

        assertThat(AuditFiles.rotated(live)).hasSizeGreaterThan(1);
        List<Long> expected = new ArrayList<>();
        for (long seq = 5; seq <= 20; seq++) {
            expected.add(seq);
        }
        assertThat(seen).containsExactlyElementsOf(expected);
    }

    @Test
    void withoutFollowingItStopsAtTheEnd() throws Exception {
        Path live = dir.resolve("audit.jsonl");
        FileAuditSink sink = new FileAuditSink(live, 0);
        sink.open();
        sink.write(List.of(TestEvents.statement(1), TestEvents.statement(2), TestEvents.statement(3)));
        sink.close();
        List<byte[]> lines = new ArrayList<>();

        AuditTail.run(live, 10, lines::add, () -> true);

        assertThat(lines).hasSize(3);
    }

    private static void awaitSize(List<?> list, int size) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (list.size() < size && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(list).hasSizeGreaterThanOrEqualTo(size);
    }
}
