package io.tracegate.policy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TableNamesTest {
    @Test
    void unquotedNamesFoldToLowerCaseAndGetPublic() {
        assertThat(TableNames.normalize("agent_traces")).isEqualTo("public.agent_traces");
        assertThat(TableNames.normalize("Ops.Agent_Traces")).isEqualTo("ops.agent_traces");
        assertThat(TableNames.normalize("_t$1")).isEqualTo("public._t$1");
    }

    @Test
    void quotedNamesKeepTheirCase() {
        assertThat(TableNames.normalize("\"Ops\".\"Traces\"")).isEqualTo("Ops.Traces");
        assertThat(TableNames.normalize("ops.\"Mixed Case\"")).isEqualTo("ops.Mixed Case");
        assertThat(TableNames.normalize("\"a\"\"b\"")).isEqualTo("public.a\"b");
    }

    @Test
    void onlyAsciiLettersFold() {
        assertThat(TableNames.normalize("ÉTÉ")).isEqualTo("public.ÉtÉ");
    }

    @Test
    void unresolvableNamesAreRefusedWithAReason() {
        assertThatThrownBy(() -> TableNames.normalize("a.b.c")).hasMessageContaining("has 3 dotted parts");
        assertThatThrownBy(() -> TableNames.normalize("")).hasMessageContaining("must start with a letter");
        assertThatThrownBy(() -> TableNames.normalize("1abc")).hasMessageContaining("must start with a letter");
        assertThatThrownBy(() -> TableNames.normalize("a.")).hasMessageContaining("at position 3");
        assertThatThrownBy(() -> TableNames.normalize("a b")).hasMessageContaining("unexpected ' ' at position 2");
        assertThatThrownBy(() -> TableNames.normalize("\"open")).hasMessageContaining("unterminated");
        assertThatThrownBy(() -> TableNames.normalize("\"\"")).hasMessageContaining("empty quoted");
        assertThatThrownBy(() -> TableNames.normalize("\"a.b\"")).hasMessageContaining("containing '.'");
        assertThatThrownBy(() -> TableNames.normalize("x".repeat(64))).hasMessageContaining("63-byte");
        assertThat(TableNames.tryNormalize("a.b.c")).isEmpty();
        assertThat(TableNames.tryNormalize("a.b")).contains("a.b");
    }

    @Test
    void identifiersAreSingleParts() {
        assertThat(TableNames.identifier("Reasoning")).isEqualTo("reasoning");
        assertThatThrownBy(() -> TableNames.identifier("a.b")).hasMessageContaining("not a single identifier");
    }
}
