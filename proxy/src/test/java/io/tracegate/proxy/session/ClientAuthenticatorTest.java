package io.tracegate.proxy.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracegate.protocol.SqlState;
import io.tracegate.protocol.auth.ScramClientSession;
import io.tracegate.protocol.auth.ScramVerifier;
import io.tracegate.protocol.message.Authentication;
import io.tracegate.protocol.message.PasswordMessage;
import io.tracegate.policy.config.IdentityConfig;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClientAuthenticatorTest {

    private static final byte[] SERVER_SECRET = new byte[32];
    private static final String TOKEN_SHA256 = "90fe8c0fbd0843a5c26df98d2af85923c8c03fc8f3b64c1678246ba014715862";

    private final Identities identities = new Identities(List.of(
            new IdentityConfig("agent-7", Set.of("agent"),
                    Optional.of(ScramVerifier.create("right", new SecureRandom()).format()), Optional.empty()),
            new IdentityConfig("alice", Set.of("reviewer"), Optional.empty(), Optional.of(TOKEN_SHA256))));

    private ClientAuthenticator.Step scramLogin(String user, String password, boolean tls) {
        ClientAuthenticator authenticator = new ClientAuthenticator(identities, SERVER_SECRET, user, tls);
        assertThat(authenticator.begin()).isEqualTo(new Authentication.Sasl(List.of("SCRAM-SHA-256")));
        ScramClientSession client = new ScramClientSession("", password);
        ClientAuthenticator.Step challenge = authenticator.handle(
                PasswordMessage.saslInitialResponse("SCRAM-SHA-256", client.clientFirst()));
        assertThat(challenge).isInstanceOf(ClientAuthenticator.Step.Challenge.class);
        byte[] serverFirst = ((Authentication.SaslContinue) ((ClientAuthenticator.Step.Challenge) challenge).message()).data();
        return authenticator.handle(PasswordMessage.saslResponse(client.handleServerFirst(serverFirst)));
    }

    @Test
    void theRightPasswordAuthenticatesAsTheIdentityWithItsRoles() {
        ClientAuthenticator.Step step = scramLogin("agent-7", "right", false);
        assertThat(step).isInstanceOf(ClientAuthenticator.Step.Authenticated.class);
        assertThat(((ClientAuthenticator.Step.Authenticated) step).identity().roles()).containsExactly("agent");
    }

    @Test
    void aWrongPasswordAndAnUnknownUserGetTheSameAnswer() {
        ClientAuthenticator.Step wrong = scramLogin("agent-7", "wrong", false);
        ClientAuthenticator.Step unknown = scramLogin("nobody", "wrong", false);
        assertThat(wrong).isEqualTo(new ClientAuthenticator.Step.Refused(SqlState.INVALID_PASSWORD,
                "password authentication failed for user \"agent-7\""));
        assertThat(unknown).isEqualTo(new ClientAuthenticator.Step.Refused(SqlState.INVALID_PASSWORD,
                "password authentication failed for user \"nobody\""));
    }

    @Test
    void aTokenOnlyIdentityMaySendItsTokenAsAPasswordOnlyOverTls() {
        ClientAuthenticator overTls = new ClientAuthenticator(identities, SERVER_SECRET, "alice", true);
        assertThat(overTls.begin()).isEqualTo(Authentication.CleartextPassword.INSTANCE);
        assertThat(overTls.handle(PasswordMessage.password("alice-review-token")))
                .isInstanceOf(ClientAuthenticator.Step.Authenticated.class);

        ClientAuthenticator plain = new ClientAuthenticator(identities, SERVER_SECRET, "alice", false);
        assertThat(plain.begin()).as("no cleartext without TLS").isInstanceOf(Authentication.Sasl.class);
    }

    @Test
    void aWrongTokenIsRefused() {
        ClientAuthenticator overTls = new ClientAuthenticator(identities, SERVER_SECRET, "alice", true);
        overTls.begin();
        assertThat(overTls.handle(PasswordMessage.password("guess")))
                .isInstanceOf(ClientAuthenticator.Step.Refused.class);
    }

    @Test
    void anotherSaslMechanismIsAProtocolViolation() {
        ClientAuthenticator authenticator = new ClientAuthenticator(identities, SERVER_SECRET, "agent-7", false);
        authenticator.begin();
        ClientAuthenticator.Step step = authenticator.handle(
                PasswordMessage.saslInitialResponse("SCRAM-SHA-256-PLUS", new byte[] {'x'}));
        assertThat(step).isInstanceOf(ClientAuthenticator.Step.Refused.class);
        assertThat(((ClientAuthenticator.Step.Refused) step).sqlState()).isEqualTo(SqlState.PROTOCOL_VIOLATION);
    }
}
