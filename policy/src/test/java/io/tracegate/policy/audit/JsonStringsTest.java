package io.tracegate.policy.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class JsonStringsTest {

    private static final JsonFactory FACTORY = new JsonFactory();

    static Stream<String> strings() {
        String filler = "INSERT INTO t VALUES ('".repeat(40);
        StringBuilder controls = new StringBuilder(filler);
        for (char c = 0; c < 0x20; c++) {
            controls.append(c).append('x');
        }
        return Stream.of(
                filler,
                filler + "\"quoted\" and \\back\\slashes\\",
                "\"" + filler + "\\",
                controls.toString(),
                filler + "\n\r\t line breaks \u007f del",
                filler + "unicode é ü ß 漢字 and an emoji 😀 at the end 😀",
                "😀" + filler + "'{\"k\": \"v\\n\"}'",
                "\"".repeat(2_000),
                "short \" one");
    }

    @ParameterizedTest
    @MethodSource("strings")
    void writesTheBytesJacksonWrites(String text) throws IOException {
        assertThat(new String(utf8(text, true), StandardCharsets.UTF_8))
                .isEqualTo(new String(utf8(text, false), StandardCharsets.UTF_8));
        assertThat(new ObjectMapper().readValue(utf8(text, true), String.class)).isEqualTo(text);
    }

    @Test
    void everyCharacterThatNeedsAnEscapeIsFoundWhereverItStands() throws IOException {
        String filler = "x".repeat(JsonStrings.LONG);
        for (String special : new String[] {"\"", "\\", "\n", "\u0001", "\u001f", "é", "😀"}) {
            for (int offset = 0; offset < 17; offset++) {
                String text = filler + "y".repeat(offset) + special + "z".repeat(offset);
                assertThat(new String(utf8(text, true), StandardCharsets.UTF_8)).as("%s at +%d", special, offset)
                        .isEqualTo(new String(utf8(text, false), StandardCharsets.UTF_8));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("strings")
    void aCharacterGeneratorIsLeftToJackson(String text) throws IOException {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            JsonStrings.writeString(json, text);
        }
        assertThat(new ObjectMapper().readValue(out.toString(), String.class)).isEqualTo(text);
    }

    private static byte[] utf8(String text, boolean fast) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator json = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            if (fast) {
                JsonStrings.writeString(json, text);
            } else {
                json.writeString(text);
            }
        }
        assertThat(new String(out.toByteArray(), StandardCharsets.UTF_8)).startsWith("\"");
        return out.toByteArray();
    }
}
