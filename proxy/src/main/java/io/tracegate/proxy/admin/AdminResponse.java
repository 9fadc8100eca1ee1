package io.tracegate.proxy.admin;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a handler answers.
 *
 * @param headers extra response headers (Content-Type and Content-Length are set from the other fields)
 */
public record AdminResponse(int status, String contentType, byte[] body, Map<String, String> headers) {

    public static final String TEXT = "text/plain; charset=utf-8";
    public static final String JSON = "application/json";
    public static final String HTML = "text/html; charset=utf-8";

    public AdminResponse {
        Objects.requireNonNull(contentType, "contentType");
        body = body.clone();
        headers = Map.copyOf(headers);
    }

    public static AdminResponse of(int status, String contentType, byte[] body) {
        return new AdminResponse(status, contentType, body, Map.of());
    }

    /** Plain text; a line break is added when missing, as curl users expect. */
    public static AdminResponse text(int status, String text) {
        String body = text.endsWith("\n") ? text : text + "\n";
        return of(status, TEXT, body.getBytes(StandardCharsets.UTF_8));
    }

    public static AdminResponse json(int status, String json) {
        return of(status, JSON, json.getBytes(StandardCharsets.UTF_8));
    }

    public static AdminResponse html(int status, String html) {
        return of(status, HTML, html.getBytes(StandardCharsets.UTF_8));
    }

    /** The same response with one more header. */
    public AdminResponse withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new AdminResponse(status, contentType, body, more);
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    @Override
    public String toString() {
        return "AdminResponse[" + status + ", " + contentType + ", " + body.length + " bytes]";
    }
}
