package io.tracegate.policy.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TextArraysTest {

    @Test
    void readsBareQuotedEscapedAndNullElements() {
        assertThat(TextArrays.elements("{auth,token}")).contains(Arrays.asList("auth", "token"));
        assertThat(TextArrays.elements(" { a b , \"api key\" ,\"q\\\"x\", c\\,d , NULL, \"null\"} "))
                .contains(Arrays.asList("a b", "api key", "q\"x", "c,d", null, "null"));
        assertThat(TextArrays.elements("{}")).contains(Arrays.asList());
        assertThat(TextArrays.elements("{\"\"}")).contains(Arrays.asList(""));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "auth", "{a", "a}", "{{a,b}}", "[1:2]={a,b}", "{a,,b}", "{a,}", "{\"a}", "{a\"b}",
            "{\"a\"b}", "{a\\}"})
    void refusesWhatItCannotReadExactly(String text) {
        assertThat(TextArrays.elements(text)).isEmpty();
    }
}
