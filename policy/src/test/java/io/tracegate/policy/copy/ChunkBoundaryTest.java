package io.tracegate.policy.copy;

import static io.tracegate.policy.copy.CopyFixtures.FAST_MASKER;
import static io.tracegate.policy.copy.CopyFixtures.csv;
import static io.tracegate.policy.copy.CopyFixtures.run;
import static io.tracegate.policy.copy.CopyFixtures.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.tracegate.policy.engine.CopyPlan;
import io.tracegate.policy.engine.CopyRowMasker;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The same data cut anywhere, into two or three chunks, gives the same output as in one chunk:
 * cuts fall inside rows, fields, escapes, quoted fields, {@code \r\n} pairs and the marker.
 */
class ChunkBoundaryTest {

    static Stream<Arguments> inputs() {
        return Stream.of(
                Arguments.of("text, header, \\n", text('\t', "\\N", true),
                        "agent\treasoning 4111111111111111\tpayload\tnote\n"
                        + "a\tcard 4111 1111 1111 1111\\tend\\\\\t{\"e\": \"jane@example.com\"}\t\\x41\\101\n"
                        + "b\t\\N\t\\N\t\\N\n"
                        + "c\tline\\\nnext jane@example.com \\303\\251\t{}\tz\\.\n"
                        + "\\.\n"
                        + "d\tjane@example.com"),
                Arguments.of("text, |, \\r\\n", text('|', "NULL", false),
                        "a|pay 4111111111111111\\|now|NULL|x\r\n"
                        + "b|NULL|{\"k\": [\"jane@example.com\"]}|\\\\N\r\n"
                        + "c|plain\\r\\ntext|{}|\r\n"
                        + "\\.\r\n"),
                Arguments.of("csv, header", csv(',', '"', '"', "", true),
                        "agent,\"reason\n4111111111111111\",payload,note\r\n"
                        + "a,\"multi\r\nline jane@example.com, \"\"quoted\"\"\",\"{\"\"c\"\": \"\"4111 1111 1111 1111\"\"}\",\"\"\r\n"
                        + "b,,,\r\n"
                        + "\\.\r\n"
                        + "c,\\.x jane@example.com,{},\"\n\"\r\n"
                        + "d,4111111111111111"),
                Arguments.of("csv, ; ' \\", csv(';', '\'', '\\', "NULL", false),
                        "a;'it\\'s jane@example.com\n\\\\';NULL;'NULL'\n"
                        + "b;x'y;z'w 4111111111111111;'{\"a\": \"jane@example.com\"}';\n"
                        + "\\.\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inputs")
    void twoChunksGiveTheOneChunkOutput(String name, CopyPlan plan, String input) {
        String whole = run(plan, input);
        assertThat(whole).isNotEqualTo(input);
        for (int i = 0; i <= input.length(); i++) {
            assertThat(run(plan, input, i)).as("cut at %d", i).isEqualTo(whole);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inputs")
    void threeChunksGiveTheOneChunkOutput(String name, CopyPlan plan, String input) {
        // Tens of thousands of runs: with two detectors rather than all, to keep the test quick.
        String whole = run(FAST_MASKER, plan, input);
        assertThat(whole).isEqualTo(run(plan, input));
        for (int i = 0; i <= input.length(); i++) {
            for (int j = i; j <= input.length(); j++) {
                String split = run(FAST_MASKER, plan, input, i, j);
                if (!split.equals(whole)) {
                    assertThat(split).as("cuts at %d and %d", i, j).isEqualTo(whole);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inputs")
    void everyAcceptReturnsWholeRowsOfTheFinalOutput(String name, CopyPlan plan, String input) {
        String whole = run(plan, input);
        CopyRowMasker masker = CopyFixtures.masker(plan);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < input.length(); i++) {
            String rows = masker.accept(input.substring(i, i + 1));
            out.append(rows);
            assertThat(whole).startsWith(out.toString());
            if (!rows.isEmpty()) {
                assertThat(rows).as("after character %d", i).endsWith("\n").doesNotEndWith("\r");
            }
        }
        assertThat(out.append(masker.finish()).toString()).isEqualTo(whole);
    }
}
