package io.tracegate.proxy.approval;

import io.tracegate.policy.config.ApprovalsConfig;
import io.tracegate.policy.config.StateConfig;
import io.tracegate.policy.config.StateStoreKind;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/** Builds an {@link ApprovalService}; the settings past the policy file's are for tests. */
public final class ApprovalServiceBuilder {

    private StateConfig state = StateConfig.EMBEDDED;
    private ApprovalsConfig approvals = ApprovalsConfig.NONE;
    private Path dataDir;
    private Consumer<ApprovalEvent> events = event -> { };
    private Clock clock = Clock.systemUTC();
    private List<Duration> webhookBackoff = WebhookNotifier.DEFAULT_BACKOFF;
    private Duration orphanSweep = Duration.ofSeconds(30);
    private Duration orphanGrace = PostgresStore.DEFAULT_ORPHAN_GRACE;

    ApprovalServiceBuilder() {
    }

    public ApprovalServiceBuilder state(StateConfig state) {
        this.state = Objects.requireNonNull(state, "state");
        return this;
    }

    public ApprovalServiceBuilder approvals(ApprovalsConfig approvals) {
        this.approvals = Objects.requireNonNull(approvals, "approvals");
        return this;
    }

    /** Where the embedded store writes {@value JournalStore#FILE_NAME}; required for the embedded store. */
    public ApprovalServiceBuilder dataDir(Path dataDir) {
        this.dataDir = dataDir;
        return this;
    }

    public ApprovalServiceBuilder events(Consumer<ApprovalEvent> events) {
        this.events = Objects.requireNonNull(events, "events");
        return this;
    }

    public ApprovalServiceBuilder clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return this;
    }

    /** Delays between webhook attempts; its size is the number of retries. */
    public ApprovalServiceBuilder webhookBackoff(List<Duration> backoff) {
        this.webhookBackoff = List.copyOf(backoff);
        return this;
    }

    /** How often a shared store is swept for requests whose holder is gone (postgres only). */
    public ApprovalServiceBuilder orphanSweep(Duration every) {
        this.orphanSweep = Objects.requireNonNull(every, "every");
        return this;
    }

    /** How far past its deadline a shared request must be before a sweep closes it (postgres only). */
    public ApprovalServiceBuilder orphanGrace(Duration grace) {
        this.orphanGrace = Objects.requireNonNull(grace, "grace");
        return this;
    }

    public ApprovalService build() {
        ApprovalNotifier notifier = approvals.webhookUrl()
                .filter(url -> !url.isBlank())
                .<ApprovalNotifier>map(url -> new WebhookNotifier(URI.create(url), webhookBackoff))
                .orElse(ApprovalNotifier.NONE);
        try {
            if (state.store() == StateStoreKind.POSTGRES) {
                PostgresStore store = PostgresStore.open(state.postgres(), orphanGrace);
                ApprovalCoordinator coordinator = new ApprovalCoordinator(store, events, notifier, clock, orphanSweep);
                store.listen(coordinator::decidedElsewhere, coordinator::reconcile);
                return coordinator;
            }
            Objects.requireNonNull(dataDir, "the embedded approval store needs a data directory");
            return new ApprovalCoordinator(JournalStore.open(dataDir), events, notifier, clock, null);
        } catch (RuntimeException e) {
            notifier.close();
            throw e;
        }
    }
}
