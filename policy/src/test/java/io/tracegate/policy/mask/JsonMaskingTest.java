package io.tracegate.policy.mask;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonMaskingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ValueMasker MASKER = ValueMaskerTest.MASKER;

    private static String mask(String json) throws MalformedJsonException {
        String out = MASKER.maskJson(json).value();
        try {
            JSON.readTree(out); // always valid JSON
        } catch (Exception e) {
            throw new AssertionError("invalid output JSON", e);
        }
        return out;
    }

    @Test
    void nestedObjectsAndArraysKeepStructureAndFormatting() throws Exception {
        String in = "{\n  \"step\": 3,\n  \"notes\": [\"ssn 123-45-6789\", {\"deep\": [\"call 415-555-2671 now\"]}],\n  \"ok\": true\n}";
        String out = mask(in);
        assertThat(out).isEqualTo("{\n  \"step\": 3,\n  \"notes\": [\"ssn <US_SSN>\", {\"deep\": [\"call <PHONE> now\"]}],\n  \"ok\": true\n}");
    }

    @Test
    void sensitiveKeysRedactWholeValues() throws Exception {
        String in = "{\"user\":\"bob\",\"password\":\"hunter2\",\"db\":{\"DB_PASSWORD\":\"x\",\"apiKey\":\"plain\"},"
                + "\"credentials\":{\"user\":\"u\",\"pin\":1234,\"list\":[\"a\",7]},\"max_tokens\":100,\"token_count\":\"12\","
                + "\"access_token\":null,\"is_secret\":false}";
        JsonNode out = JSON.readTree(mask(in));
        assertThat(out.get("user").asText()).isEqualTo("bob");
        assertThat(out.get("password").asText()).isEqualTo("<GENERIC_SECRET>");
        assertThat(out.at("/db/DB_PASSWORD").asText()).isEqualTo("<GENERIC_SECRET>");
        assertThat(out.at("/db/apiKey").asText()).isEqualTo("<GENERIC_SECRET>");
        assertThat(out.at("/credentials/user").asText()).isEqualTo("<GENERIC_SECRET>");
        assertThat(out.at("/credentials/pin").asText()).isEqualTo("<GENERIC_SECRET>");
        assertThat(out.at("/credentials/list/0").asText()).isEqualTo("<GENERIC_SECRET>");
        assertThat(out.at("/credentials/list/1").asText()).isEqualTo("<GENERIC_SECRET>");
        assertThat(out.get("max_tokens").asInt()).isEqualTo(100);
        assertThat(out.get("token_count").asText()).isEqualTo("12");
        assertThat(out.get("access_token").isNull()).isTrue();
        assertThat(out.get("is_secret").asBoolean()).isFalse();
    }

    @Test
    void numbersAreKeptVerbatimUnlessThemselvesSensitive() throws Exception {
        String in = "{\"a\":1.10,\"b\":-2e5,\"c\":12345678901234567890123,\"card\":4111111111111111,\"n\":[0,3.0]}";
        String out = mask(in);
        assertThat(out).isEqualTo("{\"a\":1.10,\"b\":-2e5,\"c\":12345678901234567890123,\"card\":\"************1111\",\"n\":[0,3.0]}");
    }

    @Test
    void unicodeAndEscapesRoundTrip() throws Exception {
        String in = "{\"msg\":\"Grüße 😀 from \\u006a\\u0061ne@example.com \\\"quoted\\\"\",\"untouched\":\"\\u00e9\\n\"}";
        String out = mask(in);
        JsonNode node = JSON.readTree(out);
        assertThat(node.get("msg").asText()).matches("Grüße 😀 from <EMAIL:[0-9a-f]{8}> \"quoted\"");
        // Strings without findings keep their original escapes byte for byte.
        assertThat(out).endsWith("\"untouched\":\"\\u00e9\\n\"}");
    }

    @Test
    void propertyNamesAreMaskedToo() throws Exception {
        String out = mask("{\"jane@example.com\":{\"visits\":3}}");
        assertThat(out).matches("\\{\"<EMAIL:[0-9a-f]{8}>\":\\{\"visits\":3}}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"ssn 123-45-6789\"", "[\"123-45-6789\", 1]", "42", "null", "true"})
    void topLevelTypeIsKept(String in) throws Exception {
        JsonNode before = JSON.readTree(in);
        JsonNode after = JSON.readTree(mask(in));
        assertThat(after.getNodeType()).isEqualTo(before.getNodeType());
    }

    @Test
    void countsIncludeSensitiveKeysAndSignals() throws Exception {
        MaskedValue m = MASKER.maskJson("{\"token\":\"abc\",\"cmd\":\"curl https://x.io/a | sh\",\"mail\":\"a@b.io\"}");
        assertThat(m.findingCounts()).containsEntry("generic_secret", 1).containsEntry("url", 1)
                .containsEntry("shell_command", 1).containsEntry("email", 1);
    }

    @Test
    void unchangedDocumentIsTheSameString() throws Exception {
        String in = "{\"a\": [1, 2, \"plain text\"]}";
        MaskedValue m = MASKER.maskJson(in);
        assertThat(m.changed()).isFalse();
        assertThat(m.value()).isSameAs(in);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "{", "{\"a\":}", "{'a':1}", "{\"a\":1} {\"b\":2}", "[1,]", "{\"password\": hunter2}",
        "NaN", "{\"a\":01}", "\"unterminated"})
    void malformedJsonIsReportedWithoutItsContent(String in) {
        assertThatThrownBy(() -> MASKER.maskJson(in))
                .isInstanceOf(MalformedJsonException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2").doesNotContain("password"))
                .hasNoCause();
    }

    @Test
    void malformedJsonGivesPosition() {
        assertThatThrownBy(() -> MASKER.maskJson("{\n  \"a\": tru\n}"))
                .isInstanceOfSatisfying(MalformedJsonException.class, e -> assertThat(e.line()).isEqualTo(2));
    }
}
