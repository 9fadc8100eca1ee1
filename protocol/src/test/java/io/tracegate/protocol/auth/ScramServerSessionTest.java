package io.tracegate.protocol.auth;

import static io.tracegate.protocol.auth.Rfc7677.bytes;
import static io.tracegate.protocol.auth.Rfc7677.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracegate.protocol.SqlState;
import io.tracegate.protocol.auth.ScramServerSession.FailureReason;
import io.tracegate.protocol.auth.ScramServerSession.Result;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ScramServerSessionTest {

    @Test
    void rfc7677ExchangeSucceedsWithTheRfcServerFinal() {
        ScramServerSession server = Rfc7677.server();

        assertThat(server.mechanism()).isEqualTo("SCRAM-SHA-256");
        assertThat(text(server.handleClientFirst(bytes(Rfc7677.CLIENT_FIRST)))).isEqualTo(Rfc7677.SERVER_FIRST);
        Result result = server.handleClientFinal(bytes(Rfc7677.CLIENT_FINAL));

        assertThat(result).isInstanceOfSatisfying(Result.Success.class,
                success -> assertThat(text(success.serverFinalMessage())).isEqualTo(Rfc7677.SERVER_FINAL));
    }

    @Test
    void wrongPasswordFailsWithInvalidProof() {
        ScramServerSession server = new ScramServerSession(ScramVerifier.derive("not-pencil", Rfc7677.SALT, 4096),
                false, () -> Rfc7677.SERVER_NONCE);
        server.handleClientFirst(bytes(Rfc7677.CLIENT_FIRST));

        Result result = server.handleClientFinal(bytes(Rfc7677.CLIENT_FINAL));

        assertFailure(result, FailureReason.INVALID_PROOF);
        assertThat(FailureReason.INVALID_PROOF.sqlState()).isEqualTo(SqlState.INVALID_PASSWORD);
    }

    @Test
    void tamperedProofFails() {
        ScramServerSession server = Rfc7677.server();
        server.handleClientFirst(bytes(Rfc7677.CLIENT_FIRST));
        // Same length, one base64 digit changed: still 32 bytes, but the wrong proof.
        String tampered = Rfc7677.CLIENT_FINAL.replace("p=dHzb", "p=dHzc");

        assertFailure(server.handleClientFinal(bytes(tampered)), FailureReason.INVALID_PROOF);
    }

    @Test
    void proofOverAnotherAuthMessageFails() {
        // A client-first with an extension changes AuthMessage, so the RFC's proof no longer fits.
        ScramServerSession server = Rfc7677.server();
        server.handleClientFirst(bytes(Rfc7677.CLIENT_FIRST + ",x=extension"));

        assertFailure(server.handleClientFinal(bytes(Rfc7677.CLIENT_FINAL)), FailureReason.INVALID_PROOF);
    }

    @Test
    void wrongNonceIsRefusedBeforeTheProof() {
        ScramServerSession server = Rfc7677.server();
        server.handleClientFirst(bytes(Rfc7677.CLIENT_FIRST));
        String otherNonce = Rfc7677.CLIENT_FINAL.replace("k0,p=", "k1,p=");

        Result result = server.handleClientFinal(bytes(otherNonce));

        assertFailure(result, FailureReason.NONCE_MISMATCH);
        assertThat(FailureReason.NONCE_MISMATCH.sqlState()).isEqualTo(SqlState.PROTOCOL_VIOLATION);
    }

    @Test
    void clientNonceAloneIsRefused() {
        ScramServerSession server = Rfc7677.server();
        server.handleClientFirst(bytes(Rfc7677.CLIENT_FIRST));
        String truncated = Rfc7677.CLIENT_FINAL.replace(Rfc7677.SERVER_NONCE, "");

        assertFailure(server.handleClientFinal(bytes(truncated)), FailureReason.NONCE_MISMATCH);
    }

    @Test
    void channelBindingDataIsRefusedInClientFirst() {
        ScramServerSession server = Rfc7677.server();

        assertThatThrownBy(() -> server.handleClientFirst(bytes("p=tls-server-end-point,,n=,r=abc")))
                .isInstanceOf(ScramException.class)
                .hasMessageContaining("channel binding");
    }

    @Test
    void flagYIsAcceptedAndMustBeEchoedAsEsws() {
        // 'y': the client could bind but thinks the server cannot; right, since the gateway never offers -PLUS.
        ScramServerSession server = new ScramServerSession(ScramVerifier.derive("pw", Rfc7677.SALT, 64),
                false, () -> "servernonce");
        byte[] serverFirst = server.handleClientFirst(bytes("y,,n=,r=clientnonce"));
        String withoutProof = "c=eSws,r=clientnonceservernonce";
        byte[] proof = proof("pw", "n=,r=clientnonce", text(serverFirst), withoutProof);

        Result result = server.handleClientFinal(bytes(withoutProof + ",p=" + ScramFunctions.base64(proof)));

        assertThat(result).isInstanceOf(Result.Success.class);
    }

    @Test
    void channelBindingAttributeMustRepeatTheGs2Header() {
        ScramServerSession server = Rfc7677.server();
        server.handleClientFirst(bytes(Rfc7677.CLIENT_FIRST));
        // "eSws" is "y,,", but client-first said "n".
        String mismatched = Rfc7677.CLIENT_FINAL.replace("c=biws", "c=eSws");

        assertFailure(server.handleClientFinal(bytes(mismatched)), FailureReason.CHANNEL_BINDING_MISMATCH);
    }

    @Test
    void userNameInClientFirstIsIgnored() {
        // PostgreSQL authenticates the user of the StartupMessage; pgjdbc sends "n=*", libpq "n=".
        ScramClientSession client = new ScramClientSession("someone-else", "pencil", () -> Rfc7677.CLIENT_NONCE);
        ScramServerSession server = Rfc7677.server();

        byte[] serverFirst = server.handleClientFirst(client.clientFirst());
        Result result = server.handleClientFinal(client.handleServerFirst(serverFirst));

        assertThat(result).isInstanceOf(Result.Success.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",                          // empty
        "x,,n=,r=abc",               // unknown gs2 flag
        "n,a=admin,n=,r=abc",        // authorization identity
        "n,,m=ext,n=,r=abc",         // mandatory extension
        "n,,r=abc",                  // no user name
        "n,,n=",                     // no nonce
        "n,,n=,r=",                  // empty nonce
        "n,,n=,r=a b",               // non-printable nonce
        "n,,n=,r=abc,1=x",           // extension name that is not a letter
        "n;,n=,r=abc",               // no comma after the flag
    })
    void malformedClientFirstIsAProtocolViolation(String message) {
        ScramServerSession server = Rfc7677.server();

        assertThatThrownBy(() -> server.handleClientFirst(bytes(message))).isInstanceOf(ScramException.class);
    }

    @Test
    void unsupportedFeaturesAreFeatureNotSupportedAndMalformedIsProtocolViolation() {
        assertThatThrownBy(() -> Rfc7677.server().handleClientFirst(bytes("n,a=admin,n=,r=abc")))
                .isInstanceOfSatisfying(ScramException.class,
                        e -> assertThat(e.sqlState()).isEqualTo(SqlState.FEATURE_NOT_SUPPORTED));
        assertThatThrownBy(() -> Rfc7677.server().handleClientFirst(bytes("n,,m=ext,n=,r=abc")))
                .isInstanceOfSatisfying(ScramException.class,
                        e -> assertThat(e.sqlState()).isEqualTo(SqlState.FEATURE_NOT_SUPPORTED));
        assertThatThrownBy(() -> Rfc7677.server().handleClientFirst(bytes("p=tls-server-end-point,,n=,r=abc")))
                .isInstanceOfSatisfying(ScramException.class,
                        e -> assertThat(e.sqlState()).isEqualTo(SqlState.PROTOCOL_VIOLATION));
    }

    @Test
    void nulByteInClientFirstIsRefused() {
        byte[] message = "n,,n=,r=abc\0def".getBytes(StandardCharsets.US_ASCII);

        assertThatThrownBy(() -> Rfc7677.server().handleClientFirst(message)).isInstanceOf(ScramException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=",
        "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0",
        "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapW",
        "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=not*base64",
        "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
                + "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=,x=trailing",
    })
    void malformedClientFinalFailsAsMalformed(String message) {
        ScramServerSession server = Rfc7677.server();
        server.handleClientFirst(bytes(Rfc7677.CLIENT_FIRST));

        assertFailure(server.handleClientFinal(bytes(message)), FailureReason.MALFORMED_MESSAGE);
    }

    @Test
    void extensionsBeforeTheProofAreIgnoredButSigned() {
        ScramServerSession server = Rfc7677.server();
        server.handleClientFirst(bytes(Rfc7677.CLIENT_FIRST));
        // The extension becomes part of client-final-without-proof, so the RFC proof is wrong now,
        // but the message parses: the failure is the proof, not the syntax.
        String withExtension = Rfc7677.CLIENT_FINAL.replace(",p=", ",x=ext,p=");

        assertFailure(server.handleClientFinal(bytes(withExtension)), FailureReason.INVALID_PROOF);
    }

    @Test
    void methodsMustBeCalledOnceInOrder() {
        ScramServerSession server = Rfc7677.server();
        assertThatThrownBy(() -> server.handleClientFinal(bytes(Rfc7677.CLIENT_FINAL)))
                .isInstanceOf(IllegalStateException.class);

        ScramServerSession finished = Rfc7677.server();
        finished.handleClientFirst(bytes(Rfc7677.CLIENT_FIRST));
        finished.handleClientFinal(bytes(Rfc7677.CLIENT_FINAL));
        assertThatThrownBy(() -> finished.handleClientFinal(bytes(Rfc7677.CLIENT_FINAL)))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void failedClientFirstEndsTheExchange() {
        ScramServerSession server = Rfc7677.server();
        assertThatThrownBy(() -> server.handleClientFirst(bytes("p=x,,n=,r=a"))).isInstanceOf(ScramException.class);

        assertThatThrownBy(() -> server.handleClientFirst(bytes(Rfc7677.CLIENT_FIRST)))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void serverNonceIsFreshBase64ByDefault() {
        ScramVerifier verifier = Rfc7677.verifier();
        String first = text(new ScramServerSession(verifier).handleClientFirst(bytes(Rfc7677.CLIENT_FIRST)));
        String second = text(new ScramServerSession(verifier).handleClientFirst(bytes(Rfc7677.CLIENT_FIRST)));

        assertThat(first).matches("r=rOprNGfwEbeRWgbNEkqO[A-Za-z0-9+/]{24},s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096");
        assertThat(first).isNotEqualTo(second);
    }

    static void assertFailure(Result result, FailureReason reason) {
        assertThat(result).isInstanceOfSatisfying(Result.Failure.class,
                failure -> assertThat(failure.reason()).isEqualTo(reason));
    }

    /** ClientProof computed from the RFC 5802 formulas, independently of ScramClientSession. */
    private static byte[] proof(String password, String clientFirstBare, String serverFirst, String withoutProof) {
        byte[] salted = ScramFunctions.hi(bytes(password), Rfc7677.SALT, 64);
        byte[] clientKey = ScramFunctions.hmac(salted, bytes("Client Key"));
        byte[] storedKey = ScramFunctions.sha256(clientKey);
        byte[] authMessage = bytes(clientFirstBare + "," + serverFirst + "," + withoutProof);
        return ScramFunctions.xor(clientKey, ScramFunctions.hmac(storedKey, authMessage));
    }
}
