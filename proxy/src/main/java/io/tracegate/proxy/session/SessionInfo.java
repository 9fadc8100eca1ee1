package io.tracegate.proxy.session;

import io.tracegate.policy.Identity;

/**
 * Who a session is, for audit events, approval requests and recordings.
 *
 * @param sessionId a gateway-unique id, also in the session's recording file name
 */
public record SessionInfo(String sessionId, Identity identity, String clientAddress, String applicationName,
        String database) {
}
