package io.tracegate.proxy.admin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The admin server's routes: a method and a path pattern per handler, matched in the order
 * they were added. A pattern is a path whose segments are literal, {@code {name}} (one
 * segment, handed to the handler as a path parameter), or a final {@code *} (the rest of the
 * path, possibly empty, as parameter {@code *}):
 * <pre>
 * routes.add("GET",  "/api/approvals", list)
 * routes.add("POST", "/api/approvals/{id}/approve", approve)
 * routes.add("GET",  "/assets/*", staticFiles)
 * </pre>
 * Routes may be added while the server runs (features start after it); adding a method and
 * pattern that is already there is refused rather than silently shadowed. Method
 * {@value #ANY_METHOD} matches every method, for handlers that check it themselves. A feature
 * that routes by itself (the approval flow's {@code ApprovalHttp} does) can instead be the
 * {@link #fallback}: it gets every request no route matched, and answers 404 for what it
 * does not serve either.
 */
public final class AdminRoutes {

    /** The method of a route that takes any method. */
    public static final String ANY_METHOD = "*";

    private final List<Route> routes = new CopyOnWriteArrayList<>();
    private volatile AdminHandler fallback;

    /** Adds a route; {@code method} is an HTTP method such as GET or POST. */
    public synchronized AdminRoutes add(String method, String pattern, AdminHandler handler) {
        Route route = new Route(method.toUpperCase(Locale.ROOT), Pattern.parse(pattern), Objects.requireNonNull(handler));
        for (Route existing : routes) {
            if (existing.method.equals(route.method) && existing.pattern.text.equals(route.pattern.text)) {
                throw new IllegalArgumentException("route already registered: " + route.method + " " + pattern);
            }
        }
        routes.add(route);
        return this;
    }

    /** Handles the requests no route matches (instead of the built-in 404); there is one fallback at most. */
    public synchronized AdminRoutes fallback(AdminHandler handler) {
        if (fallback != null) {
            throw new IllegalArgumentException("a fallback handler is already registered");
        }
        fallback = Objects.requireNonNull(handler);
        return this;
    }

    public AdminRoutes get(String pattern, AdminHandler handler) {
        return add("GET", pattern, handler);
    }

    public AdminRoutes post(String pattern, AdminHandler handler) {
        return add("POST", pattern, handler);
    }

    /** The outcome of looking a request up. */
    sealed interface Lookup permits Found, WrongMethod, NotFound {
    }

    record Found(AdminHandler handler, Map<String, String> pathParams) implements Lookup {
    }

    /** The path exists, for other methods: a 405 with their list in {@code Allow}. */
    record WrongMethod(Set<String> allowed) implements Lookup {
    }

    record NotFound() implements Lookup {
    }

    Lookup find(String method, String path) {
        List<String> segments = Pattern.segments(path);
        Set<String> allowed = new LinkedHashSet<>();
        for (Route route : routes) {
            Optional<Map<String, String>> params = route.pattern.match(segments);
            if (params.isEmpty()) {
                continue;
            }
            if (route.method.equals(method) || route.method.equals(ANY_METHOD)
                    || (method.equals("HEAD") && route.method.equals("GET"))) {
                return new Found(route.handler, params.get());
            }
            allowed.add(route.method);
        }
        if (!allowed.isEmpty()) {
            return new WrongMethod(allowed);
        }
        AdminHandler last = fallback;
        return last != null ? new Found(last, Map.of()) : new NotFound();
    }

    private record Route(String method, Pattern pattern, AdminHandler handler) {
    }

    /** A parsed path pattern. */
    private record Pattern(String text, List<String> segments, boolean rest) {

        static Pattern parse(String text) {
            if (!text.startsWith("/")) {
                throw new IllegalArgumentException("a route pattern starts with '/': " + text);
            }
            List<String> segments = segments(text);
            boolean rest = !segments.isEmpty() && segments.get(segments.size() - 1).equals("*");
            if (rest) {
                segments = segments.subList(0, segments.size() - 1);
            }
            for (String segment : segments) {
                if (segment.contains("*") || (segment.contains("{") && !isParameter(segment))) {
                    throw new IllegalArgumentException("bad segment '" + segment + "' in route pattern " + text);
                }
            }
            return new Pattern(text, List.copyOf(segments), rest);
        }

        static List<String> segments(String path) {
            List<String> out = new ArrayList<>();
            for (String part : path.split("/")) {
                if (!part.isEmpty()) {
                    out.add(part);
                }
            }
            return out;
        }

        private static boolean isParameter(String segment) {
            return segment.length() > 2 && segment.startsWith("{") && segment.endsWith("}")
                    && segment.indexOf('{', 1) < 0;
        }

        Optional<Map<String, String>> match(List<String> path) {
            if (rest ? path.size() < segments.size() : path.size() != segments.size()) {
                return Optional.empty();
            }
            Map<String, String> params = new LinkedHashMap<>();
            for (int i = 0; i < segments.size(); i++) {
                String segment = segments.get(i);
                if (isParameter(segment)) {
                    params.put(segment.substring(1, segment.length() - 1), path.get(i));
                } else if (!segment.equals(path.get(i))) {
                    return Optional.empty();
                }
            }
            if (rest) {
                params.put("*", String.join("/", path.subList(segments.size(), path.size())));
            }
            return Optional.of(params);
        }
    }
}
