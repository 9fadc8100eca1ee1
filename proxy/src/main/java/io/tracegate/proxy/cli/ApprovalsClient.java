package io.tracegate.proxy.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tracegate.proxy.approval.ApprovalJson;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Calls a gateway's approvals API with a reviewer's bearer token. */
final class ApprovalsClient {

    /** An answer that was not 2xx, with the API's own error text when it sent one. */
    static final class ApiException extends Exception {
        private final int status;
        private final JsonNode body;

        ApiException(int status, String message, JsonNode body) {
            super(message);
            this.status = status;
            this.body = body;
        }

        int status() {
            return status;
        }

        JsonNode body() {
            return body;
        }
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private final URI admin;
    private final String token;
    private final HttpClient client;

    ApprovalsClient(URI admin, String token) {
        String base = admin.toString();
        this.admin = URI.create(base.endsWith("/") ? base : base + "/");
        this.token = token;
        this.client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    }

    JsonNode pending() throws IOException, InterruptedException, ApiException {
        return send(get("api/approvals"));
    }

    JsonNode show(String id) throws IOException, InterruptedException, ApiException {
        return send(get("api/approvals/" + encode(id)));
    }

    JsonNode decide(String id, boolean approve, String reason) throws IOException, InterruptedException, ApiException {
        ObjectNode body = ApprovalJson.MAPPER.createObjectNode();
        if (reason != null && !reason.isBlank()) {
            body.put("reason", reason);
        }
        HttpRequest request = request("api/approvals/" + encode(id) + (approve ? "/approve" : "/reject"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(ApprovalJson.write(body)))
                .build();
        return send(request);
    }

    private HttpRequest get(String path) {
        return request(path).GET().build();
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(admin.resolve(path))
                .timeout(TIMEOUT)
                .header("Accept", "application/json")
                .header("Authorization", "Bearer " + token);
    }

    private JsonNode send(HttpRequest request) throws IOException, InterruptedException, ApiException {
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        JsonNode body;
        try {
            body = ApprovalJson.read(response.body());
        } catch (IOException e) {
            body = null;
        }
        if (response.statusCode() / 100 != 2) {
            String message = body != null && body.hasNonNull("error") ? body.get("error").asText()
                    : "the gateway answered HTTP " + response.statusCode();
            throw new ApiException(response.statusCode(), message, body);
        }
        if (body == null) {
            throw new IOException("the gateway's answer is not JSON (is --admin the admin port?)");
        }
        return body;
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
