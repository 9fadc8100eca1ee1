package io.tracegate.protocol.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {

    @Test
    void hashIsAVerifierOfThePasswordWithDefaultsAndAFreshSalt() {
        String hash = PasswordHasher.hashPassword("agent-7-secret");
        ScramVerifier verifier = ScramVerifier.parse(hash);

        assertThat(hash).matches("SCRAM-SHA-256\\$4096:[A-Za-z0-9+/]{22}==\\$[A-Za-z0-9+/]{43}=:[A-Za-z0-9+/]{43}=");
        assertThat(verifier.salt()).hasSize(16);
        assertThat(verifier.matches("agent-7-secret")).isTrue();
        assertThat(verifier.matches("agent-7-secreT")).isFalse();
        assertThat(PasswordHasher.hashPassword("agent-7-secret")).isNotEqualTo(hash);
    }
}
