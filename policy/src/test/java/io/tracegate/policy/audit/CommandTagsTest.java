package io.tracegate.policy.audit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CommandTagsTest {

    @Test
    void countedTagsGiveTheirRowCount() {
        assertThat(CommandTags.rows("INSERT 0 5")).isEqualTo(5L);
        assertThat(CommandTags.rows("UPDATE 12")).isEqualTo(12L);
        assertThat(CommandTags.rows("DELETE 0")).isZero();
        assertThat(CommandTags.rows("SELECT 3")).isEqualTo(3L);
        assertThat(CommandTags.rows("MERGE 2")).isEqualTo(2L);
        assertThat(CommandTags.rows("COPY 1000000")).isEqualTo(1_000_000L);
    }

    @Test
    void otherTagsGiveNone() {
        assertThat(CommandTags.rows("CREATE TABLE")).isNull();
        assertThat(CommandTags.rows("BEGIN")).isNull();
        assertThat(CommandTags.rows("SET")).isNull();
        assertThat(CommandTags.rows("SELECT x")).isNull();
        assertThat(CommandTags.rows("SELECT ")).isNull();
        assertThat(CommandTags.rows("SELECT 99999999999999999999")).isNull();
        assertThat(CommandTags.rows(null)).isNull();
    }
}
