package io.tracegate.it.observe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tracegate.it.support.GatewayFixture;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

/** The gateway's admin port as an operator or a reviewer uses it: health, metrics, approvals. */
final class AdminHttp {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final int port;

    AdminHttp(int port) {
        this.port = port;
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String bearer) throws IOException, InterruptedException {
        return http.send(request(path).header("Authorization", "Bearer " + bearer)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10));
    }

    /** {@code /metrics} in the Prometheus text format. */
    String metrics() throws IOException, InterruptedException {
        HttpResponse<String> response = get("/metrics");
        if (response.statusCode() != 200) {
            throw new AssertionError("/metrics answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    /** Polls {@code path} until its status satisfies {@code expected}; returns that response. */
    HttpResponse<String> awaitStatus(String path, IntPredicate expected) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            HttpResponse<String> response = get(path);
            if (expected.test(response.statusCode())) {
                return response;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(path + " stayed " + response.statusCode() + ": " + response.body());
            }
            Thread.sleep(100);
        }
    }

    /** The ids of pending approvals whose statement contains {@code marker}, as the reviewer sees them. */
    List<String> pendingApprovals(String marker) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request("/api/approvals")
                .header("Authorization", "Bearer " + GatewayFixture.REVIEWER_TOKEN).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new AssertionError("GET /api/approvals answered " + response.statusCode() + ": " + response.body());
        }
        List<String> ids = new ArrayList<>();
        for (JsonNode approval : JSON.readTree(response.body()).path("approvals")) {
            if (approval.toString().contains(marker)) {
                ids.add(approval.path("id").asText());
            }
        }
        return ids;
    }

    /** Waits for the one pending approval whose statement contains {@code marker}. */
    String awaitPendingApproval(String marker) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            List<String> ids = pendingApprovals(marker);
            if (ids.size() == 1) {
                return ids.get(0);
            }
            if (ids.size() > 1) {
                throw new AssertionError("several approvals pending for " + marker + ": " + ids);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no approval pending for " + marker);
            }
            Thread.sleep(50);
        }
    }

    /** POST /api/approvals/{id}/approve (or reject) as the reviewer alice; expects 200. */
    void decide(String id, boolean approve) throws IOException, InterruptedException {
        HttpResponse<String> response = post("/api/approvals/" + id + (approve ? "/approve" : "/reject"),
                GatewayFixture.REVIEWER_TOKEN);
        if (response.statusCode() != 200) {
            throw new AssertionError("deciding " + id + " answered " + response.statusCode() + ": " + response.body());
        }
    }
}
