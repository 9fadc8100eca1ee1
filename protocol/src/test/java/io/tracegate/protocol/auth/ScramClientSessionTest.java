package io.tracegate.protocol.auth;

import static io.tracegate.protocol.auth.Rfc7677.bytes;
import static io.tracegate.protocol.auth.Rfc7677.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracegate.protocol.auth.ScramServerSession.FailureReason;
import io.tracegate.protocol.auth.ScramServerSession.Result;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ScramClientSessionTest {

    private static ScramClientSession rfcClient() {
        return new ScramClientSession(Rfc7677.USER, Rfc7677.PASSWORD, () -> Rfc7677.CLIENT_NONCE);
    }

    @Test
    void rfc7677ExchangeProducesTheRfcMessages() {
        ScramClientSession client = rfcClient();

        assertThat(client.mechanism()).isEqualTo("SCRAM-SHA-256");
        assertThat(text(client.clientFirst())).isEqualTo(Rfc7677.CLIENT_FIRST);
        assertThat(text(client.handleServerFirst(bytes(Rfc7677.SERVER_FIRST)))).isEqualTo(Rfc7677.CLIENT_FINAL);
        assertThatCode(() -> client.verifyServerFinal(bytes(Rfc7677.SERVER_FINAL))).doesNotThrowAnyException();
    }

    @Test
    void roundTripWithTheRightPasswordSucceedsOnBothSides() {
        ScramVerifier verifier = ScramVerifier.create("correct horse", 4096, new SecureRandom());
        ScramClientSession client = new ScramClientSession("", "correct horse");
        ScramServerSession server = new ScramServerSession(verifier);

        byte[] serverFirst = server.handleClientFirst(client.clientFirst());
        Result result = server.handleClientFinal(client.handleServerFirst(serverFirst));

        assertThat(result).isInstanceOf(Result.Success.class);
        assertThatCode(() -> client.verifyServerFinal(((Result.Success) result).serverFinalMessage()))
                .doesNotThrowAnyException();
    }

    @Test
    void roundTripWithTheWrongPasswordFailsAtTheProof() {
        ScramVerifier verifier = ScramVerifier.create("correct horse", 4096, new SecureRandom());
        ScramClientSession client = new ScramClientSession("", "battery staple");
        ScramServerSession server = new ScramServerSession(verifier);

        byte[] serverFirst = server.handleClientFirst(client.clientFirst());
        Result result = server.handleClientFinal(client.handleServerFirst(serverFirst));

        ScramServerSessionTest.assertFailure(result, FailureReason.INVALID_PROOF);
    }

    @Test
    void nonAsciiPasswordRoundTripsThroughSaslPrep() {
        // The verifier is made from the NFKC form, the client types the compatibility form.
        ScramVerifier verifier = ScramVerifier.create("IX", 64, new SecureRandom());
        ScramClientSession client = new ScramClientSession("", "\u2168");
        ScramServerSession server = new ScramServerSession(verifier);

        byte[] serverFirst = server.handleClientFirst(client.clientFirst());

        assertThat(server.handleClientFinal(client.handleServerFirst(serverFirst))).isInstanceOf(Result.Success.class);
    }

    @Test
    void userNameIsEscapedAsSaslName() {
        ScramClientSession client = new ScramClientSession("a=b,c", "pw", () -> "nonce");

        assertThat(text(client.clientFirst())).isEqualTo("n,,n=a=3Db=2Cc,r=nonce");
    }

    @Test
    void clientNonceIsFreshBase64ByDefault() {
        String first = text(new ScramClientSession("", "pw").clientFirst());
        String second = text(new ScramClientSession("", "pw").clientFirst());

        assertThat(first).matches("n,,n=,r=[A-Za-z0-9+/]{24}");
        assertThat(first).isNotEqualTo(second);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "r=someoneElsesNonce%hvYDpWUa2RaTCAfuxFIlj,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096", // not our prefix
        "r=rOprNGfwEbeRWgbNEkqO,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096",                    // no server part
        "r=rOprNGfwEbeRWgbNEkqO%hv,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=0",                     // iterations < 1
        "r=rOprNGfwEbeRWgbNEkqO%hv,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=-5",
        "r=rOprNGfwEbeRWgbNEkqO%hv,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096x",
        "r=rOprNGfwEbeRWgbNEkqO%hv,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=99999999999",
        "r=rOprNGfwEbeRWgbNEkqO%hv,s=not base64,i=4096",
        "r=rOprNGfwEbeRWgbNEkqO%hv,s=,i=4096",
        "r=rOprNGfwEbeRWgbNEkqO%hv,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096,x=garbage",
        "m=ext,r=rOprNGfwEbeRWgbNEkqO%hv,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096",
        "r=rOprNGfwEbeRWgbNEkqO%hv,i=4096",
        "e=other-error",
    })
    void badServerFirstIsRefused(String serverFirst) {
        ScramClientSession client = rfcClient();
        client.clientFirst();

        assertThatThrownBy(() -> client.handleServerFirst(bytes(serverFirst))).isInstanceOf(ScramException.class);
    }

    @Test
    void serverErrorInServerFinalIsReported() {
        ScramClientSession client = rfcClient();
        client.clientFirst();
        client.handleServerFirst(bytes(Rfc7677.SERVER_FIRST));

        assertThatThrownBy(() -> client.verifyServerFinal(bytes("e=invalid-proof")))
                .isInstanceOf(ScramException.class)
                .hasMessageContaining("invalid-proof");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G8=", // last byte differs: a server without the verifier
        "v=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=,x=garbage",
        "v=6rriTRBi23WpRR/wtup+",
        "v=****",
        "x=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=",
        "",
    })
    void badServerFinalIsRefused(String serverFinal) {
        ScramClientSession client = rfcClient();
        client.clientFirst();
        client.handleServerFirst(bytes(Rfc7677.SERVER_FIRST));

        assertThatThrownBy(() -> client.verifyServerFinal(bytes(serverFinal))).isInstanceOf(ScramException.class);
    }

    @Test
    void methodsMustBeCalledOnceInOrder() {
        ScramClientSession client = rfcClient();
        assertThatThrownBy(() -> client.handleServerFirst(bytes(Rfc7677.SERVER_FIRST)))
                .isInstanceOf(IllegalStateException.class);
        client.clientFirst();
        assertThatThrownBy(client::clientFirst).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> client.verifyServerFinal(bytes(Rfc7677.SERVER_FINAL)))
                .isInstanceOf(IllegalStateException.class);
    }
}
