package io.tracegate.proxy.approval.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An HTTP request as the approval handlers need it, independent of the server that received it.
 *
 * @param path          the decoded path, without the query string
 * @param query         query parameters (the first value of each name)
 * @param authorization the {@code Authorization} header, if sent
 */
public record HttpCall(String method, String path, Map<String, String> query, Optional<String> authorization,
        byte[] body) {

    public HttpCall {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        query = Map.copyOf(query);
        Objects.requireNonNull(authorization, "authorization");
        body = body == null ? new byte[0] : body;
    }

    /** From a request target such as {@code /api/approvals?status=decided}. */
    public static HttpCall of(String method, String target, String authorization, byte[] body) {
        int question = target.indexOf('?');
        String path = question < 0 ? target : target.substring(0, question);
        Map<String, String> query = new LinkedHashMap<>();
        if (question >= 0) {
            for (String pair : target.substring(question + 1).split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                query.putIfAbsent(name, value);
            }
        }
        return new HttpCall(method, decode(path), query, Optional.ofNullable(authorization), body);
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }
}
