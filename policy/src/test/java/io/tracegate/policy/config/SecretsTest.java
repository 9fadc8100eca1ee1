package io.tracegate.policy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SecretsTest {
    private static final String KEY = "PPguGLZ9S9+ZydOUVkq6FbhlZZxFfoZIwgvc4+X/Y0o=";

    @Test
    void acceptsPostgresVerifiers() {
        assertThatCode(() -> Secrets.checkScramVerifier("SCRAM-SHA-256$4096:dHJhY2VnYXRlLWRlbW8tc2FsdA==$" + KEY + ":" + KEY))
                .doesNotThrowAnyException();
    }

    @Test
    void refusesEachBrokenPart() {
        assertThatThrownBy(() -> Secrets.checkScramVerifier("SCRAM-SHA-1$4096:c2FsdA==$" + KEY + ":" + KEY))
                .hasMessageContaining("is not a SCRAM verifier");
        assertThatThrownBy(() -> Secrets.checkScramVerifier("SCRAM-SHA-256$99999999999:c2FsdA==$" + KEY + ":" + KEY))
                .hasMessageContaining("iteration count");
        assertThatThrownBy(() -> Secrets.checkScramVerifier("SCRAM-SHA-256$4096:c===$" + KEY + ":" + KEY))
                .hasMessageContaining("salt that is not valid base64");
        assertThatThrownBy(() -> Secrets.checkScramVerifier("SCRAM-SHA-256$4096:c2FsdA==$" + KEY + ":c2FsdA=="))
                .hasMessageContaining("ServerKey that is not 32 bytes");
    }

    @Test
    void tokenDigestsAreLowerCasedHex() {
        String upper = "90FE8C0FBD0843A5C26DF98D2AF85923C8C03FC8F3B64C1678246BA014715862";
        assertThat(Secrets.sha256Hex(upper)).isEqualTo(upper.toLowerCase());
        assertThatThrownBy(() -> Secrets.sha256Hex(upper.substring(1) + "g")).hasMessageContaining("64 hex digits");
        assertThatThrownBy(() -> Secrets.sha256Hex("alice-review-token")).hasMessageContaining("found 18 characters");
    }
}
