package io.tracegate.protocol.auth;

import static io.tracegate.protocol.auth.Rfc7677.bytes;
import static io.tracegate.protocol.auth.Rfc7677.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracegate.protocol.auth.ScramServerSession.FailureReason;
import io.tracegate.protocol.auth.ScramServerSession.Result;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class UnknownUserTest {

    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] OTHER_SECRET = "fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.US_ASCII);

    @Test
    void mockVerifierIsDeterministicPerUserName() {
        assertThat(MockVerifier.of("ghost", SECRET, 4096)).isEqualTo(MockVerifier.of("ghost", SECRET, 4096));
        assertThat(MockVerifier.of("ghost", SECRET, 4096)).isNotEqualTo(MockVerifier.of("ghost2", SECRET, 4096));
        assertThat(MockVerifier.of("ghost", SECRET, 4096)).isNotEqualTo(MockVerifier.of("ghost", OTHER_SECRET, 4096));
        // Label and name are kept apart: no collision by moving characters across the boundary.
        assertThat(MockVerifier.of("", SECRET, 4096).salt()).isNotEqualTo(MockVerifier.of("\0", SECRET, 4096).salt());
    }

    @Test
    void unknownUserSeesTheSameSaltOnEveryAttemptLikeARealUser() {
        String first = text(ScramServerSession.forUnknownUser("ghost", SECRET).handleClientFirst(bytes("n,,n=,r=abc")));
        String second = text(ScramServerSession.forUnknownUser("ghost", SECRET).handleClientFirst(bytes("n,,n=,r=abc")));

        assertThat(saltAndIterations(first)).isEqualTo(saltAndIterations(second));
        assertThat(saltAndIterations(first)).matches("s=[A-Za-z0-9+/]{22}==,i=4096");
    }

    @Test
    void unknownUserFailsLikeAWrongPassword() {
        // Even the client that would pass against the mock's own keys is refused: the session is doomed.
        ScramServerSession server = new ScramServerSession(MockVerifier.of("ghost", SECRET, 4096), true,
                () -> Rfc7677.SERVER_NONCE);
        ScramClientSession client = new ScramClientSession("", "any password", () -> Rfc7677.CLIENT_NONCE);

        byte[] serverFirst = server.handleClientFirst(client.clientFirst());
        Result result = server.handleClientFinal(client.handleServerFirst(serverFirst));

        assertThat(result).isEqualTo(new Result.Failure(FailureReason.INVALID_PROOF,
                "client proof does not match the verifier"));
    }

    @Test
    void doomedSessionRefusesEvenTheRightProof() {
        ScramServerSession doomed = new ScramServerSession(Rfc7677.verifier(), true, () -> Rfc7677.SERVER_NONCE);
        doomed.handleClientFirst(bytes(Rfc7677.CLIENT_FIRST));

        ScramServerSessionTest.assertFailure(doomed.handleClientFinal(bytes(Rfc7677.CLIENT_FINAL)),
                FailureReason.INVALID_PROOF);
    }

    @Test
    void shortSecretIsRefused() {
        assertThatThrownBy(() -> ScramServerSession.forUnknownUser("ghost", new byte[8]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static String saltAndIterations(String serverFirst) {
        return serverFirst.substring(serverFirst.indexOf(",s=") + 1);
    }
}
