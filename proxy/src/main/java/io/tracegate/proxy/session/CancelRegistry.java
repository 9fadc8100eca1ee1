package io.tracegate.proxy.session;

import io.tracegate.protocol.message.BackendKeyData;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The BackendKeyData the gateway hands its clients. Each live session gets a process id of its
 * own and a random secret; a CancelRequest is honoured only with both.
 */
public final class CancelRegistry {

    private final SecureRandom random = new SecureRandom();
    private final ConcurrentMap<Integer, Registration> sessions = new ConcurrentHashMap<>();

    /** Something whose running query can be cancelled. */
    public interface Cancellable {
        void cancel();
    }

    private record Registration(byte[] secret, Cancellable target) {
    }

    /** Issues a key for {@code target}; unregister it when the session ends. */
    public BackendKeyData register(Cancellable target) {
        byte[] secret = new byte[4];
        random.nextBytes(secret);
        while (true) {
            int processId = random.nextInt(Integer.MAX_VALUE - 1) + 1;
            if (sessions.putIfAbsent(processId, new Registration(secret, target)) == null) {
                return new BackendKeyData(processId, secret);
            }
        }
    }

    public void unregister(BackendKeyData key) {
        sessions.remove(key.processId());
    }

    /** The session a CancelRequest names, when its secret matches. */
    public Optional<Cancellable> find(int processId, byte[] secret) {
        Registration registration = sessions.get(processId);
        if (registration == null || !MessageDigest.isEqual(registration.secret(), secret)) {
            return Optional.empty();
        }
        return Optional.of(registration.target());
    }

    public int size() {
        return sessions.size();
    }
}
