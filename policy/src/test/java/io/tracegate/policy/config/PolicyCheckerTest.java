package io.tracegate.policy.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyCheckerTest {
    @TempDir
    Path dir;

    @Test
    void namesTheFileInEveryError() throws IOException {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, "upstream:\n  user: gw\n  prot: 1\n");

        List<ConfigError> errors = PolicyChecker.check(file, TestFiles.env());

        assertThat(errors).extracting(ConfigError::toString).containsExactly(
                file + ":1: identities: no identities are defined, so no client could connect; add at least one",
                file + ":3: upstream.prot: unknown key (did you mean 'port'?); allowed here: host, port, database, user,"
                        + " password, tls, pool");
    }

    @Test
    void anUnreadableFileIsOneErrorWithoutALine() {
        Path missing = dir.resolve("missing.yaml");
        assertThat(PolicyChecker.check(missing)).singleElement().satisfies(error -> {
            assertThat(error.line()).isZero();
            assertThat(error.source()).isEqualTo(missing.toString());
            assertThat(error.message()).startsWith("cannot read the file");
        });
    }

    @Test
    void loadAgreesWithCheck() throws IOException {
        Path file = dir.resolve("ok.yaml");
        Files.writeString(file, "upstream: { user: gw }\nidentities:\n  - name: a\n    api_token_sha256: "
                + "90fe8c0fbd0843a5c26df98d2af85923c8c03fc8f3b64c1678246ba014715862\n");
        assertThat(PolicyChecker.check(file)).isEmpty();
        org.assertj.core.api.Assertions.assertThatCode(() -> ConfigLoader.load(file)).doesNotThrowAnyException();
    }
}
