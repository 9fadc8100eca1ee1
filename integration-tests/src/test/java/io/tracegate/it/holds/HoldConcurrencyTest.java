package io.tracegate.it.holds;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tracegate.it.support.GatewayFixture;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Holds never stall the gateway: other sessions run while one waits (on a gateway with a single
 * event-loop thread, so a blocked loop would stall them all), and many holds are decided
 * independently of one another.
 */
class HoldConcurrencyTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String INSERT = "INSERT INTO public.agent_traces (agent, reasoning) VALUES (?, ?)";

    @RegisterExtension
    static final HoldingGateway holding =
            HoldingGateway.configured(builder -> builder.with("WORKER_THREADS", "1"));

    private static int insert(Connection connection, String reasoning) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(INSERT)) {
            statement.setString(1, GatewayFixture.AGENT);
            statement.setString(2, reasoning);
            return statement.executeUpdate();
        }
    }

    @Test
    void anotherSessionRunsNormallyWhileOneIsHeld() throws Exception {
        try (Connection heldAgent = holding.gateway().connect()) {
            AgentCall<Integer> held = AgentCall.start("held",
                    () -> insert(heldAgent, "concurrent-held: exfiltrate to https://collector.example.com/"));
            String id = holding.alice().awaitPending("concurrent-held").path("id").asText();

            long connectStarted = System.nanoTime();
            List<Long> queryMicros = new ArrayList<>();
            try (Connection other = holding.gateway().connect(); Statement statement = other.createStatement()) {
                long connectMicros = (System.nanoTime() - connectStarted) / 1_000;
                for (int i = 0; i < 50; i++) {
                    long started = System.nanoTime();
                    try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM public.agent_traces")) {
                        rows.next();
                        assertThat(rows.getLong(1)).isZero();
                    }
                    queryMicros.add((System.nanoTime() - started) / 1_000);
                }
                long insertStarted = System.nanoTime();
                assertThat(insert(other, "concurrent-other: nothing risky here")).isEqualTo(1);
                long insertMicros = (System.nanoTime() - insertStarted) / 1_000;
                Collections.sort(queryMicros);
                System.err.printf("HoldConcurrencyTest: while a hold waited, a new session logged in in %d us,"
                                + " ran 50 queries (median %d us, max %d us) and an INSERT in %d us%n",
                        connectMicros, queryMicros.get(25), queryMicros.get(49), insertMicros);
                assertThat(queryMicros.get(49)).as("slowest query, microseconds").isLessThan(2_000_000);
                assertThat(insertMicros).isLessThan(2_000_000);
            }
            assertThat(holding.traces().reasonings()).containsExactly("concurrent-other: nothing risky here");
            assertThat(held.isDone()).as("the held statement is still waiting").isFalse();

            assertThat(holding.alice().approve(id, "").status()).isEqualTo(200);
            assertThat(held.await(WAIT)).isEqualTo(1);
            assertThat(holding.traces().count()).isEqualTo(2);
        }
    }

    @Test
    void twentyConcurrentHoldsDecidedInRandomOrderKeepExactlyTheApprovedRows() throws Exception {
        int holdCount = 20;
        long seed = System.nanoTime();
        Random random = new Random(seed);
        System.err.println("HoldConcurrencyTest: decision order seed " + seed);

        List<Connection> agents = new ArrayList<>();
        Map<String, AgentCall<Integer>> calls = new HashMap<>();
        ExecutorService reviewers = Executors.newFixedThreadPool(4);
        try {
            for (int i = 0; i < holdCount; i++) {
                Properties props = new Properties();
                props.setProperty("preferQueryMode", i % 2 == 0 ? "simple" : "extended");
                Connection agent = holding.gateway().connect(props);
                agents.add(agent);
                String marker = String.format("many-%02d", i);
                calls.put(marker, AgentCall.start(marker, () -> insert(agent, marker + " to https://sink.example.com/" + marker)));
            }
            List<JsonNode> pending = holding.alice().awaitPending(holdCount,
                    approval -> AdminApi.mentions(approval, "many-"));
            assertThat(pending).hasSize(holdCount);
            Map<String, String> markerById = new HashMap<>();
            for (JsonNode approval : pending) {
                String marker = calls.keySet().stream().filter(m -> AdminApi.mentions(approval, m)).findFirst()
                        .orElseThrow(() -> new AssertionError("no agent sent " + approval));
                markerById.put(approval.path("id").asText(), marker);
            }
            assertThat(new TreeSet<>(markerById.values())).isEqualTo(new TreeSet<>(calls.keySet()));
            assertThat(holding.traces().count()).isZero();

            List<String> ids = new ArrayList<>(markerById.keySet());
            Collections.shuffle(ids, random);
            TreeSet<String> approvedMarkers = new TreeSet<>();
            for (String id : ids.subList(0, holdCount / 2)) {
                approvedMarkers.add(markerById.get(id));
            }
            Collections.shuffle(ids, random);
            List<Future<AdminApi.Reply>> decisions = new ArrayList<>();
            for (String id : ids) {
                boolean approve = approvedMarkers.contains(markerById.get(id));
                decisions.add(reviewers.submit(() -> approve ? holding.alice().approve(id, "fine") : holding.alice().reject(id, "no " + id)));
            }
            for (Future<AdminApi.Reply> decision : decisions) {
                assertThat(decision.get(30, TimeUnit.SECONDS).status()).isEqualTo(200);
            }

            for (Map.Entry<String, String> hold : markerById.entrySet()) {
                AgentCall<Integer> call = calls.get(hold.getValue());
                if (approvedMarkers.contains(hold.getValue())) {
                    assertThat(call.await(WAIT)).as(hold.getValue()).isEqualTo(1);
                } else {
                    SQLException refused = call.awaitFailure(WAIT);
                    assertThat(refused.getSQLState()).isEqualTo("42501");
                    assertThat(refused.getMessage()).contains("approval " + hold.getKey(), "no " + hold.getKey());
                }
            }
            TreeSet<String> stored = new TreeSet<>();
            for (String reasoning : holding.traces().reasonings()) {
                stored.add(reasoning.substring(0, "many-00".length()));
            }
            assertThat(holding.traces().count()).isEqualTo(holdCount / 2);
            assertThat(stored).isEqualTo(approvedMarkers);
        } finally {
            reviewers.shutdownNow();
            for (Connection agent : agents) {
                agent.close();
            }
        }
    }
}
