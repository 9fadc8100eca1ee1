package io.tracegate.it.masking;

import static io.tracegate.it.masking.SqlText.quote;
import static org.assertj.core.api.Assertions.assertThat;

import io.tracegate.it.support.GatewayExtension;
import io.tracegate.it.support.GatewayFixture;
import io.tracegate.it.support.PostgresFixture;
import io.tracegate.it.support.RawPgClient;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Statements of a few kilobytes and more are evaluated on the gateway's policy workers, off the
 * event loop (Query text, or Bind values, of 2048 characters and more): the session pauses
 * reading until the verdict is back. These tests hold that path
 * to the same results as the inline one: masked values, answers in the order the statements
 * were sent, and many sessions at once.
 */
class LargeStatementMaskingTest {

    private static final String TRACES = "public.agent_traces";

    @RegisterExtension
    static final GatewayExtension gateway = GatewayExtension.emptyingTracesBeforeEach();

    /** A trace well over the worker threshold: {@link Pii#trace} repeated, with padding between. */
    private static String largeTrace(String tag, int copies) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < copies; i++) {
            text.append(Pii.trace(tag + i)).append(" ").append("reasoning step ".repeat(20));
        }
        return text.toString();
    }

    private static String maskedLargeTrace(String tag, int copies) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < copies; i++) {
            text.append(Pii.maskedTrace(tag + i)).append(" ").append("reasoning step ".repeat(20));
        }
        return text.toString();
    }

    @Test
    void pipelinedQueriesAreAnsweredInOrderWhenALargeOneGoesFirst() throws Exception {
        String large = "INSERT INTO " + TRACES + " (agent, reasoning) VALUES ('big', " + quote(largeTrace("p", 20)) + ")";
        assertThat(large.length()).isGreaterThan(8_000);
        try (RawPgClient client = RawPgClient.connect("127.0.0.1", gateway.port(), Duration.ofSeconds(30))) {
            client.loginScram(GatewayFixture.AGENT, GatewayFixture.AGENT_PASSWORD, PostgresFixture.TRACES_DATABASE);
            // Three Query messages in one write: the small ones behind the large one must wait for it.
            ByteArrayOutputStream pipelined = new ByteArrayOutputStream();
            pipelined.write(RawPgClient.queryBytes(large));
            pipelined.write(RawPgClient.queryBytes("SELECT count(*) FROM " + TRACES));
            pipelined.write(RawPgClient.queryBytes("INSERT INTO " + TRACES + " (agent, reasoning) VALUES ('small', "
                    + quote(Pii.trace("s")) + ")"));
            client.write(pipelined.toByteArray());

            List<String> answers = new ArrayList<>();
            for (int ready = 0; ready < 3; ) {
                RawPgClient.Message message = client.readMessage();
                assertThat(message).as("answers so far: %s", answers).isNotNull();
                switch (message.type()) {
                    case 'C' -> answers.add(new String(message.body(), 0, message.body().length - 1, StandardCharsets.UTF_8));
                    case 'D' -> answers.add("row " + message.firstColumn());
                    case 'E' -> answers.add("error " + message.sqlState());
                    case 'Z' -> ready++;
                    default -> { }
                }
            }
            assertThat(answers).containsExactly("INSERT 0 1", "row 1", "SELECT 1", "INSERT 0 1");
        }
        List<StoredTraces.Row> rows = StoredTraces.all();
        assertThat(rows).extracting(StoredTraces.Row::reasoning)
                .containsExactly(maskedLargeTrace("p", 20), Pii.maskedTrace("s"));
        StoredTraces.assertNoRawValue();
    }

    @Test
    void largeBindValuesInABatchAreMaskedInOrder() throws Exception {
        // A pgjdbc batch sends every Parse/Bind/Execute before one Sync: each large Bind pauses
        // the session while a worker scans it, and the rest must follow in order behind it.
        try (Connection connection = gateway.connect();
                java.sql.PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO " + TRACES + " (agent, reasoning) VALUES (?, ?)")) {
            for (int i = 0; i < 6; i++) {
                insert.setString(1, "b" + i);
                insert.setString(2, i % 2 == 0 ? largeTrace("b" + i + "-", 5) : Pii.trace("b" + i));
                insert.addBatch();
            }
            assertThat(insert.executeBatch()).containsOnly(1);
        }
        List<StoredTraces.Row> rows = StoredTraces.all();
        assertThat(rows).extracting(StoredTraces.Row::agent).containsExactly("b0", "b1", "b2", "b3", "b4", "b5");
        for (int i = 0; i < 6; i++) {
            assertThat(rows.get(i).reasoning())
                    .isEqualTo(i % 2 == 0 ? maskedLargeTrace("b" + i + "-", 5) : Pii.maskedTrace("b" + i));
        }
        StoredTraces.assertNoRawValue();
    }

    @Test
    void manySessionsWritingLargeTracesAtOnceAreAllMasked() throws Exception {
        int sessions = 12;
        int perSession = 15;
        ExecutorService clients = Executors.newFixedThreadPool(sessions);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int s = 0; s < sessions; s++) {
                String tag = "c" + s + "-";
                done.add(clients.submit(() -> {
                    try (Connection connection = gateway.connect(); Statement statement = connection.createStatement()) {
                        for (int i = 0; i < perSession; i++) {
                            statement.execute("INSERT INTO " + TRACES + " (agent, reasoning) VALUES ('" + tag + i + "', "
                                    + quote(largeTrace(tag + i + "-", 5)) + ")");
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            clients.shutdownNow();
        }
        List<StoredTraces.Row> rows = StoredTraces.all();
        assertThat(rows).hasSize(sessions * perSession);
        for (StoredTraces.Row row : rows) {
            assertThat(row.reasoning()).isEqualTo(maskedLargeTrace(row.agent() + "-", 5));
        }
        StoredTraces.assertNoRawValue();
    }
}
