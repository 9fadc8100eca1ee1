package io.tracegate.proxy.session;

import io.netty.handler.ssl.SslContext;
import io.tracegate.protocol.message.NoticeResponse;
import io.tracegate.policy.engine.PolicyEngine;
import io.tracegate.policy.config.TlsServerMode;
import io.tracegate.proxy.upstream.UpstreamCanceller;
import io.tracegate.proxy.upstream.UpstreamPool;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * What every client session shares: identities, TLS, pools and the cancel registry.
 *
 * @param serverTls   null when {@code tlsMode} is OFF
 * @param poolFor     the upstream pool for a client's requested database name
 * @param serverSecret keeps made-up SCRAM salts of unknown users stable
 * @param observers   audit, metrics and recording for each session
 * @param holds       where a session's held statements wait; the consumer sends a notice to its client
 * @param policyWorkers where large statements are evaluated, off the event loops
 */
public record SessionServices(
        TlsServerMode tlsMode,
        SslContext serverTls,
        int maxMessageSize,
        Identities identities,
        byte[] serverSecret,
        CancelRegistry cancels,
        UpstreamCanceller canceller,
        Function<String, UpstreamPool> poolFor,
        PolicyEngine policy,
        SessionObservers observers,
        BiFunction<SessionInfo, Consumer<NoticeResponse>, TransactionHolds> holds,
        PolicyWorkers policyWorkers) {

    public SessionServices {
        Objects.requireNonNull(tlsMode, "tlsMode");
        Objects.requireNonNull(identities, "identities");
        Objects.requireNonNull(cancels, "cancels");
        Objects.requireNonNull(canceller, "canceller");
        Objects.requireNonNull(poolFor, "poolFor");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(observers, "observers");
        Objects.requireNonNull(holds, "holds");
        Objects.requireNonNull(policyWorkers, "policyWorkers");
        if (tlsMode != TlsServerMode.OFF) {
            Objects.requireNonNull(serverTls, "serverTls");
        }
    }
}
