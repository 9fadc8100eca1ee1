package io.tracegate.proxy.approval;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts each new request and each decision to {@code approvals.webhook_url}. Sending is
 * asynchronous; a failure (no connection, a non-2xx answer) is logged and retried after growing
 * delays, and a message that fails every attempt is dropped with an error in the log. Holds
 * never wait for it. Logs name only the URL's host: a webhook URL often carries its own secret.
 */
final class WebhookNotifier implements ApprovalNotifier {

    private static final Logger log = LoggerFactory.getLogger(WebhookNotifier.class);

    /** Delays before each retry: about half a minute of trying in all. */
    static final List<Duration> DEFAULT_BACKOFF = List.of(Duration.ofSeconds(1), Duration.ofSeconds(2),
            Duration.ofSeconds(4), Duration.ofSeconds(8), Duration.ofSeconds(16));
    /** Messages being sent or waiting for a retry; past this, new ones are dropped rather than queued. */
    static final int MAX_IN_FLIGHT = 1000;
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final URI url;
    private final List<Duration> backoff;
    private final HttpClient client;
    private final ScheduledExecutorService retries;
    private final AtomicInteger inFlight = new AtomicInteger();

    WebhookNotifier(URI url, List<Duration> backoff) {
        this.url = url;
        this.backoff = List.copyOf(backoff);
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "tracegate-webhook");
            thread.setDaemon(true);
            return thread;
        });
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.retries = executor;
        this.client = HttpClient.newBuilder()
                .connectTimeout(REQUEST_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(executor)
                .build();
    }

    @Override
    public void requested(ApprovalView approval) {
        send(WebhookMessages.requested(approval), approval.id());
    }

    @Override
    public void decided(ApprovalView approval) {
        send(WebhookMessages.decided(approval), approval.id());
    }

    private void send(ObjectNode message, String approvalId) {
        if (inFlight.incrementAndGet() > MAX_IN_FLIGHT) {
            inFlight.decrementAndGet();
            log.error("webhook to {} is {} messages behind; dropping the one for approval {}", url.getHost(),
                    MAX_IN_FLIGHT, approvalId);
            return;
        }
        attempt(ApprovalJson.write(message), approvalId, 0);
    }

    private void attempt(String body, String approvalId, int attempt) {
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
                if (error == null && response.statusCode() / 100 == 2) {
                    inFlight.decrementAndGet();
                    return;
                }
                String problem = error != null ? error.toString() : "HTTP " + response.statusCode();
                retryOrDrop(body, approvalId, attempt, problem);
            });
        } catch (RuntimeException e) {
            // The executor is shut down: the gateway is stopping.
            retryOrDrop(body, approvalId, attempt, e.toString());
        }
    }

    private void retryOrDrop(String body, String approvalId, int attempt, String problem) {
        if (attempt >= backoff.size() || retries.isShutdown()) {
            inFlight.decrementAndGet();
            log.error("webhook to {} failed for approval {} after {} attempt(s), giving up: {}", url.getHost(),
                    approvalId, attempt + 1, problem);
            return;
        }
        Duration delay = backoff.get(attempt);
        log.warn("webhook to {} failed for approval {} (attempt {}): {}; retrying in {} ms", url.getHost(),
                approvalId, attempt + 1, problem, delay.toMillis());
        try {
            retries.schedule(() -> attempt(body, approvalId, attempt + 1), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            inFlight.decrementAndGet();
        }
    }

    @Override
    public void close() {
        retries.shutdownNow();
    }
}
