package io.tracegate.protocol.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScramVerifierTest {

    /** identities[agent-7].scram_sha_256 of shared/examples/tracegate.yaml, for the password agent-7-secret. */
    private static final String AGENT_7 = "SCRAM-SHA-256$4096:dHJhY2VnYXRlLWRlbW8tc2FsdA==$"
            + "PPguGLZ9S9+ZydOUVkq6FbhlZZxFfoZIwgvc4+X/Y0o=:RvDz/9ypdO0zWKEqZDBwU0Sbs5KvTR0C63w/6S2qe7A=";

    @Test
    void exampleVerifierOfAgent7VerifiesItsPassword() {
        ScramVerifier verifier = ScramVerifier.parse(AGENT_7);

        assertThat(verifier.iterations()).isEqualTo(4096);
        assertThat(new String(verifier.salt(), java.nio.charset.StandardCharsets.US_ASCII))
                .isEqualTo("tracegate-demo-salt");
        assertThat(verifier.matches("agent-7-secret")).isTrue();
        assertThat(verifier.matches("agent-7-secret ")).isFalse();
        assertThat(verifier.format()).isEqualTo(AGENT_7);
    }

    @Test
    void exampleVerifierOfAgent7AuthenticatesAScramClient() {
        ScramServerSession server = new ScramServerSession(ScramVerifier.parse(AGENT_7));
        ScramClientSession client = new ScramClientSession("", "agent-7-secret");

        byte[] serverFirst = server.handleClientFirst(client.clientFirst());
        ScramServerSession.Result result = server.handleClientFinal(client.handleServerFirst(serverFirst));

        assertThat(result).isInstanceOf(ScramServerSession.Result.Success.class);
    }

    @Test
    void rfc7677VerifierRoundTripsThroughItsTextForm() {
        ScramVerifier verifier = Rfc7677.verifier();

        assertThat(verifier.format()).startsWith("SCRAM-SHA-256$4096:W22ZaJ0SNY7soEsUEjb6gQ==$");
        assertThat(ScramVerifier.parse(verifier.format())).isEqualTo(verifier);
        assertThat(ScramVerifier.parse(verifier.format()).hashCode()).isEqualTo(verifier.hashCode());
    }

    @Test
    void createUsesTheGivenIterationsAndA16ByteSalt() {
        ScramVerifier verifier = ScramVerifier.create("pw", 10, new SecureRandom());
        ScramVerifier defaults = ScramVerifier.create("pw", new SecureRandom());

        assertThat(verifier.iterations()).isEqualTo(10);
        assertThat(verifier.salt()).hasSize(16);
        assertThat(verifier.matches("pw")).isTrue();
        assertThat(defaults.iterations()).isEqualTo(4096);
        assertThat(defaults.salt()).isNotEqualTo(verifier.salt());
    }

    @Test
    void emptyPasswordStillMakesAVerifier() {
        // HMAC with an empty key; SecretKeySpec alone would refuse it.
        ScramVerifier verifier = ScramVerifier.create("", 16, new SecureRandom());

        assertThat(verifier.matches("")).isTrue();
        assertThat(verifier.matches(" ")).isFalse();
    }

    @Test
    void arraysAreCopiedInAndOut() {
        ScramVerifier verifier = Rfc7677.verifier();
        verifier.salt()[0] ^= 1;
        verifier.storedKey()[0] ^= 1;

        assertThat(verifier).isEqualTo(Rfc7677.verifier());
    }

    @Test
    void toStringLeavesTheKeysOut() {
        ScramVerifier verifier = ScramVerifier.parse(AGENT_7);

        assertThat(verifier.toString()).doesNotContain("PPguGLZ9").doesNotContain("RvDz").contains("4096");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''                                                   | not a SCRAM-SHA-256 verifier",
        "md5d2fcf8af0bb3a0e6a0f6bf0a0b0a0c0d                  | not a SCRAM-SHA-256 verifier",
        "SCRAM-SHA-1$4096:c2FsdA==$" + KEYS + "               | not a SCRAM-SHA-256 verifier",
        "SCRAM-SHA-256$4096:c2FsdA==                          | not a SCRAM-SHA-256 verifier",
        "SCRAM-SHA-256$4096:c2FsdA==$" + KEYS + "$extra       | not a SCRAM-SHA-256 verifier",
        "SCRAM-SHA-256$4096$" + KEYS + "                      | malformed",
        "SCRAM-SHA-256$4096:c2FsdA==$" + KEY + "              | malformed",
        "SCRAM-SHA-256$:c2FsdA==$" + KEYS + "                 | iteration count",
        "SCRAM-SHA-256$0:c2FsdA==$" + KEYS + "                | iteration count",
        "SCRAM-SHA-256$-1:c2FsdA==$" + KEYS + "               | iteration count",
        "SCRAM-SHA-256$+4096:c2FsdA==$" + KEYS + "            | iteration count",
        "SCRAM-SHA-256$4096x:c2FsdA==$" + KEYS + "            | iteration count",
        "SCRAM-SHA-256$99999999999:c2FsdA==$" + KEYS + "      | iteration count",
        "SCRAM-SHA-256$4096:$" + KEYS + "                     | salt must be non-empty",
        "SCRAM-SHA-256$4096:c2Fs*A==$" + KEYS + "             | salt is not valid base64",
        "SCRAM-SHA-256$4096:c2FsdA==$AAAA:" + KEY + "         | StoredKey must be 32 bytes",
        "SCRAM-SHA-256$4096:c2FsdA==$" + KEY + ":AAAA         | ServerKey must be 32 bytes",
        "SCRAM-SHA-256$4096:c2FsdA==$" + KEY + ":not base64!  | ServerKey is not valid base64",
    })
    void badVerifierTextIsRefusedWithAClearMessage(String text, String message) {
        assertThatThrownBy(() -> ScramVerifier.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    private static final String KEY = "PPguGLZ9S9+ZydOUVkq6FbhlZZxFfoZIwgvc4+X/Y0o=";
    private static final String KEYS = KEY + ":" + KEY;
}
