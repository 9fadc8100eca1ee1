package io.tracegate.proxy.approval.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The reviewer web page: {@code /} and its script and style under {@code /approval-ui/}, plain
 * files served from the class path. The page talks to {@link ApprovalApi} with the token the
 * reviewer enters (kept in the tab's sessionStorage, never in a cookie, so no request is made
 * with it by another site).
 *
 * <p>An agent writes the statements the page shows, so the page puts them in the DOM as text
 * only, and the Content-Security-Policy allows no inline script and no other origin.
 */
public final class ReviewerPage {

    static final String RESOURCE_DIR = "/approval-ui/";
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self';"
            + " connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static final Map<String, String> FILES = Map.of(
            "/", "index.html",
            "/index.html", "index.html",
            RESOURCE_DIR + "app.js", "app.js",
            RESOURCE_DIR + "app.css", "app.css");

    private final Map<String, HttpReply> replies = new LinkedHashMap<>();

    /** Loads the files once; the page is fixed for the life of the process. */
    public ReviewerPage() {
        FILES.forEach((path, file) -> replies.put(path, load(file)));
    }

    public boolean handles(String path) {
        return FILES.containsKey(path);
    }

    public HttpReply handle(HttpCall call) {
        if (!call.method().equals("GET") && !call.method().equals("HEAD")) {
            return HttpReply.error(405, "method not allowed; use GET").withHeader("Allow", "GET, HEAD");
        }
        HttpReply reply = replies.get(call.path());
        return reply != null ? reply : HttpReply.error(404, "no such page: " + call.path());
    }

    private static HttpReply load(String file) {
        try (InputStream in = ReviewerPage.class.getResourceAsStream(RESOURCE_DIR + file)) {
            if (in == null) {
                throw new IllegalStateException("the reviewer page resource " + RESOURCE_DIR + file + " is missing");
            }
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Content-Security-Policy", CONTENT_SECURITY_POLICY);
            headers.put("X-Content-Type-Options", "nosniff");
            headers.put("X-Frame-Options", "DENY");
            headers.put("Referrer-Policy", "no-referrer");
            headers.put("Cache-Control", "no-cache");
            return new HttpReply(200, contentType(file), in.readAllBytes(), headers);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String contentType(String file) {
        if (file.endsWith(".html")) {
            return "text/html; charset=utf-8";
        }
        if (file.endsWith(".js")) {
            return "text/javascript; charset=utf-8";
        }
        return "text/css; charset=utf-8";
    }
}
