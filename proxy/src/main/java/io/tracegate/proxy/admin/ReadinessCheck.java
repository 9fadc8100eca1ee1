package io.tracegate.proxy.admin;

import io.tracegate.proxy.audit.AuditLog;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * One condition for {@code /readyz}: empty when met, else why not (shown in the 503 body, so
 * it must name the problem without secrets). Checked on an admin worker thread at each request.
 */
@FunctionalInterface
public interface ReadinessCheck {

    Optional<String> problem();

    /** Audit events can be written (the sink works and its queue has room). */
    static ReadinessCheck auditWritable(AuditLog auditLog) {
        return () -> auditLog.writable() ? Optional.empty()
                : Optional.of("audit: " + auditLog.problem().orElse("events cannot be written"));
    }

    /** A TCP connection to {@code host:port} opens within {@code timeout}; {@code what} names it, e.g. "upstream". */
    static ReadinessCheck tcpReachable(String what, String host, int port, Duration timeout) {
        return () -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
                return Optional.empty();
            } catch (IOException e) {
                return Optional.of(what + ": " + host + ":" + port + " is not reachable (" + e.getMessage() + ")");
            }
        };
    }

    /**
     * A connection to the Unix-domain socket {@code socketFile} opens. A local connect either
     * succeeds or fails at once (no such file, nobody listening), so it needs no timeout.
     */
    static ReadinessCheck socketReachable(String what, Path socketFile) {
        return () -> {
            try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socketFile))) {
                return Optional.empty();
            } catch (IOException e) {
                return Optional.of(what + ": socket " + socketFile + " is not reachable (" + e + ")");
            }
        };
    }
}
