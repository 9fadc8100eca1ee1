package io.tracegate.proxy.admin;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An admin HTTP request as handlers see it: no Netty types.
 *
 * @param path       the decoded path, without the query string
 * @param pathParams values of the route's {@code {name}} segments (and {@code *} for a trailing wildcard)
 * @param query      query-string parameters, decoded
 * @param headers    header names lower-cased; a repeated header keeps its first value
 */
public record AdminRequest(String method, String path, Map<String, String> pathParams,
        Map<String, List<String>> query, Map<String, String> headers, byte[] body, String remoteAddress) {

    public AdminRequest {
        // Ordered copies: handlers may show parameters in the order the client gave them.
        pathParams = Collections.unmodifiableMap(new LinkedHashMap<>(pathParams));
        query = Collections.unmodifiableMap(new LinkedHashMap<>(query));
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        body = body.clone();
    }

    public Optional<String> pathParam(String name) {
        return Optional.ofNullable(pathParams.get(name));
    }

    /** The first value of a query parameter. */
    public Optional<String> queryParam(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** The first value of each query parameter. */
    public Map<String, String> queryFirstValues() {
        Map<String, String> first = new LinkedHashMap<>();
        query.forEach((name, values) -> {
            if (!values.isEmpty()) {
                first.put(name, values.get(0));
            }
        });
        return first;
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }

    /** The token of an {@code Authorization: Bearer ...} header. */
    public Optional<String> bearerToken() {
        return header("authorization").filter(value -> value.regionMatches(true, 0, "Bearer ", 0, 7))
                .map(value -> value.substring(7).strip());
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    /** Never prints the body or headers (they may hold tokens). */
    @Override
    public String toString() {
        return "AdminRequest[" + method + " " + path + " from " + remoteAddress + "]";
    }
}
