package io.tracegate.policy.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AsciiWordsTest {

    /** Every ASCII character, at every position of a word and in the tail after the last word. */
    @Test
    void agreeWithCharacterByCharacterDefinitions() {
        Random random = new Random(11);
        for (int round = 0; round < 3000; round++) {
            int length = random.nextInt(40);
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < length; i++) {
                sb.append((char) (random.nextInt(4) == 0 ? '0' + random.nextInt(10) : random.nextInt(128)));
            }
            String s = sb.toString();
            byte[] b = AsciiWords.bytes(s);
            assertThat(AsciiWords.lower(b)).isEqualTo(s.toLowerCase(Locale.ROOT));
            for (int from = 0; from <= length; from++) {
                int expected = from;
                while (expected < length && !Character.isDigit(s.charAt(expected))) {
                    expected++;
                }
                assertThat(AsciiWords.nextDigit(b, from)).as("%s from %d", s, from).isEqualTo(expected);
            }
        }
    }

    @Test
    void lowerLeavesItsInputAlone() {
        byte[] b = AsciiWords.bytes("ABC def");
        assertThat(AsciiWords.lower(b)).isEqualTo("abc def");
        assertThat(new String(b, java.nio.charset.StandardCharsets.ISO_8859_1)).isEqualTo("ABC def");
    }
}
