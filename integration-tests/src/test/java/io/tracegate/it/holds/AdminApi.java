package io.tracegate.it.holds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A caller of the gateway's real admin API over HTTP ({@code java.net.http}), as a reviewer's
 * script would call it: a bearer token (or none), JSON in and out.
 */
final class AdminApi {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration AWAIT = Duration.ofSeconds(20);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;
    private final String token;

    /** @param token the bearer token; null sends no Authorization header */
    AdminApi(int adminPort, String token) {
        this.base = URI.create("http://127.0.0.1:" + adminPort);
        this.token = token;
    }

    /** The admin server's address, e.g. for the CLI's {@code --admin} or a browser. */
    URI base() {
        return base;
    }

    /** One answer: its status and its body parsed as JSON (a JSON null when it was not JSON). */
    record Reply(int status, JsonNode body, String text) {
        JsonNode approval() {
            return body.path("approval");
        }
    }

    Reply get(String path) throws IOException, InterruptedException {
        return send(request(path).GET().build());
    }

    Reply post(String path, String jsonBody) throws IOException, InterruptedException {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(jsonBody)).build());
    }

    Reply approve(String id, String reason) throws IOException, InterruptedException {
        return post("/api/approvals/" + id + "/approve", reasonBody(reason));
    }

    Reply reject(String id, String reason) throws IOException, InterruptedException {
        return post("/api/approvals/" + id + "/reject", reasonBody(reason));
    }

    Reply show(String id) throws IOException, InterruptedException {
        return get("/api/approvals/" + id);
    }

    /** The pending requests this caller may see; fails unless the API answers 200. */
    List<JsonNode> pending() throws IOException, InterruptedException {
        Reply reply = get("/api/approvals");
        if (reply.status() != 200) {
            throw new AssertionError("GET /api/approvals answered " + reply.status() + ": " + reply.text());
        }
        List<JsonNode> approvals = new ArrayList<>();
        reply.body().path("approvals").forEach(approvals::add);
        return approvals;
    }

    /** Waits for a pending request whose masked statement or parameters contain {@code marker}. */
    JsonNode awaitPending(String marker) throws IOException, InterruptedException {
        return awaitPending(1, approval -> mentions(approval, marker)).get(0);
    }

    /** Whether the request's masked statement or one of its masked parameters contains {@code text}. */
    static boolean mentions(JsonNode approval, String text) {
        if (approval.path("statement").asText().contains(text)) {
            return true;
        }
        for (JsonNode parameter : approval.path("parameters")) {
            if (parameter.asText().contains(text)) {
                return true;
            }
        }
        return false;
    }

    /** Waits until at least {@code count} pending requests match, and returns them. */
    List<JsonNode> awaitPending(int count, Predicate<JsonNode> matching) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + AWAIT.toNanos();
        while (true) {
            List<JsonNode> found = pending().stream().filter(matching).toList();
            if (found.size() >= count) {
                return found;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected " + count + " matching pending approvals within " + AWAIT
                        + ", saw " + found.size() + ": " + found);
            }
            Thread.sleep(25);
        }
    }

    /** Waits until request {@code id} is no longer pending, and returns it as the API shows it then. */
    JsonNode awaitDecided(String id) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + AWAIT.toNanos();
        while (true) {
            Reply reply = show(id);
            if (reply.status() == 200 && !reply.approval().path("status").asText().equals("PENDING")) {
                return reply.approval();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("approval " + id + " still not decided after " + AWAIT + ": " + reply.text());
            }
            Thread.sleep(25);
        }
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    private Reply send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (IOException notJson) {
            body = JSON.nullNode();
        }
        return new Reply(response.statusCode(), body == null ? JSON.nullNode() : body, response.body());
    }

    private static String reasonBody(String reason) {
        return reason == null ? "" : JSON.createObjectNode().put("reason", reason).toString();
    }
}
