package io.tracegate.proxy.session;

import io.tracegate.protocol.SqlState;
import io.tracegate.protocol.auth.ScramServerSession;
import io.tracegate.protocol.message.Authentication;
import io.tracegate.protocol.message.BackendMessage;
import io.tracegate.protocol.message.PasswordMessage;
import io.tracegate.policy.Identity;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;

/**
 * Authenticates one client against the policy file's identities.
 *
 * <p>SCRAM-SHA-256 is the default. An identity that only has an API token may send it as a
 * cleartext password, and only over TLS. An unknown user runs the same SCRAM exchange against a
 * made-up verifier, so the answer and its timing do not tell whether the name exists.
 */
final class ClientAuthenticator {

    /** What to do after a client message. */
    sealed interface Step {
        /** Send this challenge and wait for the next PasswordMessage. */
        record Challenge(BackendMessage message) implements Step {
        }

        /** The client is who it says; send {@code finalMessage} (if any), then AuthenticationOk. */
        record Authenticated(Identity identity, Optional<BackendMessage> finalMessage) implements Step {
        }

        /** Refuse the login with this FATAL error. */
        record Refused(String sqlState, String message) implements Step {
        }
    }

    private enum Phase { SCRAM_FIRST, SCRAM_FINAL, CLEARTEXT, DONE }

    private final String user;
    private final Optional<Identities.Entry> entry;
    private final ScramServerSession scram;
    private Phase phase;

    ClientAuthenticator(Identities identities, byte[] serverSecret, String user, boolean overTls) {
        this.user = user;
        this.entry = identities.byName(user);
        boolean tokenOnly = entry.isPresent() && entry.get().scram().isEmpty();
        if (tokenOnly && overTls) {
            this.scram = null;
            this.phase = Phase.CLEARTEXT;
        } else {
            this.scram = entry.flatMap(Identities.Entry::scram)
                    .map(ScramServerSession::new)
                    .orElseGet(() -> ScramServerSession.forUnknownUser(user, serverSecret));
            this.phase = Phase.SCRAM_FIRST;
        }
    }

    /** The first authentication request to send after the StartupMessage. */
    BackendMessage begin() {
        return phase == Phase.CLEARTEXT
                ? Authentication.CleartextPassword.INSTANCE
                : new Authentication.Sasl(List.of(scram.mechanism()));
    }

    Step handle(PasswordMessage message) {
        return switch (phase) {
            case SCRAM_FIRST -> scramFirst(message);
            case SCRAM_FINAL -> scramFinal(message);
            case CLEARTEXT -> cleartext(message);
            case DONE -> new Step.Refused(SqlState.PROTOCOL_VIOLATION, "unexpected password message after authentication");
        };
    }

    private Step scramFirst(PasswordMessage message) {
        PasswordMessage.SaslInitialResponse initial = message.asSaslInitialResponse();
        if (!scram.mechanism().equals(initial.mechanism())) {
            phase = Phase.DONE;
            return new Step.Refused(SqlState.PROTOCOL_VIOLATION,
                    "client selected an invalid SASL authentication mechanism");
        }
        try {
            byte[] serverFirst = scram.handleClientFirst(initial.data());
            phase = Phase.SCRAM_FINAL;
            return new Step.Challenge(new Authentication.SaslContinue(serverFirst));
        } catch (RuntimeException e) {
            phase = Phase.DONE;
            return new Step.Refused(SqlState.PROTOCOL_VIOLATION, "malformed SCRAM message: " + e.getMessage());
        }
    }

    private Step scramFinal(PasswordMessage message) {
        phase = Phase.DONE;
        ScramServerSession.Result result;
        try {
            result = scram.handleClientFinal(message.payload());
        } catch (RuntimeException e) {
            return new Step.Refused(SqlState.PROTOCOL_VIOLATION, "malformed SCRAM message: " + e.getMessage());
        }
        if (result instanceof ScramServerSession.Result.Success success && entry.isPresent()) {
            return new Step.Authenticated(entry.get().identity(),
                    Optional.of(new Authentication.SaslFinal(success.serverFinalMessage())));
        }
        if (result instanceof ScramServerSession.Result.Failure failure
                && failure.reason() != ScramServerSession.FailureReason.INVALID_PROOF) {
            return new Step.Refused(failure.reason().sqlState(), "SCRAM authentication failed: " + failure.detail());
        }
        return passwordFailed();
    }

    private Step cleartext(PasswordMessage message) {
        phase = Phase.DONE;
        byte[] presented = Identities.sha256(message.asPassword());
        byte[] expected = entry.orElseThrow().apiTokenSha256().orElseThrow();
        return MessageDigest.isEqual(presented, expected)
                ? new Step.Authenticated(entry.get().identity(), Optional.empty())
                : passwordFailed();
    }

    private Step passwordFailed() {
        return new Step.Refused(SqlState.INVALID_PASSWORD, "password authentication failed for user \"" + user + "\"");
    }
}
