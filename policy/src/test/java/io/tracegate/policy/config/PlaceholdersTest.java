package io.tracegate.policy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PlaceholdersTest {
    private static String resolve(String text, String... env) {
        return Placeholders.resolve(text, TestFiles.env(env));
    }

    @Test
    void replacesSetVariables() {
        assertThat(resolve("${env:A}", "A", "1")).isEqualTo("1");
        assertThat(resolve("x-${env:A}-${env:B}-y", "A", "1", "B", "2")).isEqualTo("x-1-2-y");
    }

    @Test
    void defaultAppliesWhenUnsetOrEmptyLikeTheShell() {
        assertThat(resolve("${env:A:-d}")).isEqualTo("d");
        assertThat(resolve("${env:A:-d}", "A", "")).isEqualTo("d");
        assertThat(resolve("${env:A:-d}", "A", "v")).isEqualTo("v");
        assertThat(resolve("${env:A:-}")).isEmpty();
        assertThat(resolve("${env:A:-a:-b}")).isEqualTo("a:-b");
    }

    @Test
    void anEmptyVariableWithoutDefaultIsKept() {
        assertThat(resolve("${env:A}", "A", "")).isEmpty();
    }

    @Test
    void unsetWithoutDefaultIsAnError() {
        assertThatThrownBy(() -> resolve("${env:MISSING}"))
                .hasMessage("environment variable MISSING is not set (write ${env:MISSING:-default} to give a default)");
    }

    @Test
    void malformedPlaceholdersAreErrors() {
        assertThatThrownBy(() -> resolve("${env:A")).hasMessageContaining("has no closing '}'");
        assertThatThrownBy(() -> resolve("${env:}")).hasMessageContaining("is not a valid placeholder");
        assertThatThrownBy(() -> resolve("${env:1A}")).hasMessageContaining("is not a valid placeholder");
        assertThatThrownBy(() -> resolve("${env:A-B}")).hasMessageContaining("is not a valid placeholder");
    }

    @Test
    void otherDollarSignsPassThrough() {
        String verifier = "SCRAM-SHA-256$4096:c2FsdA==$a:b";
        assertThat(resolve(verifier)).isEqualTo(verifier);
        assertThat(resolve("^\\$[0-9]+${x}$")).isEqualTo("^\\$[0-9]+${x}$");
    }

    @Test
    void doubledDollarEscapesAPlaceholder() {
        assertThat(resolve("$${env:A}", "A", "1")).isEqualTo("${env:A}");
    }
}
