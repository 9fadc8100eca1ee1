package io.tracegate.policy.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TextFieldCodecTest {
    private final TextFieldCodec codec = new TextFieldCodec('\t', "\\N");

    private String decode(String raw) throws FieldFormatException {
        return codec.decode(raw, 0, raw.length(), 0);
    }

    /** The raw fields of a row: null for NULL, else the decoded value. */
    private static List<String> fields(TextFieldCodec codec, String row) throws FieldFormatException {
        FieldSpans spans = new FieldSpans();
        codec.split(row, 0, row.length(), Integer.MAX_VALUE, spans);
        List<String> values = new ArrayList<>();
        for (int f = 0; f < spans.count(); f++) {
            values.add(spans.isNull(f) ? null : codec.decode(row, spans.start(f), spans.end(f), f));
        }
        return values;
    }

    @Test
    void decodesEveryControlEscape() throws Exception {
        assertThat(decode("a\\bb\\fc\\nd\\re\\tf\\vg\\\\h")).isEqualTo("a\bb\fc\nd\re\tf\u000Bg\\h");
    }

    @Test
    void decodesOctalEscapesOfOneToThreeDigits() throws Exception {
        assertThat(decode("\\1")).isEqualTo("\u0001");
        assertThat(decode("\\12")).isEqualTo("\n");
        assertThat(decode("\\101")).isEqualTo("A");
        assertThat(decode("\\1012")).isEqualTo("A2");
        assertThat(decode("\\18")).isEqualTo("\u00018");
        // 0777 keeps its low eight bits, as the server's "val & 0377".
        assertThat(decode("\\501")).isEqualTo("A");
        assertThat(decode("\\8")).isEqualTo("8");
    }

    @Test
    void decodesHexEscapesOfOneOrTwoDigits() throws Exception {
        assertThat(decode("\\x41")).isEqualTo("A");
        assertThat(decode("\\x4")).isEqualTo("\u0004");
        assertThat(decode("\\x4a4")).isEqualTo("J4");
        assertThat(decode("\\x4A")).isEqualTo("J");
        assertThat(decode("\\xg")).isEqualTo("xg");
        assertThat(decode("\\x")).isEqualTo("x");
        assertThat(decode("\\X41")).isEqualTo("X41");
    }

    @Test
    void anyOtherEscapedCharacterIsItself() throws Exception {
        assertThat(decode("\\q\\.\\,\\N\\é")).isEqualTo("q.,Né");
        assertThat(decode("\\\uD83D\uDE00")).isEqualTo("\uD83D\uDE00");
    }

    @Test
    void escapedBytesAreUtf8() throws Exception {
        assertThat(decode("caf\\303\\251")).isEqualTo("café");
        assertThat(decode("caf\\xc3\\xa9!")).isEqualTo("café!");
        assertThat(decode("\\xe2\\x82\\xac \\xF0\\x9F\\x98\\x80")).isEqualTo("€ \uD83D\uDE00");
    }

    @Test
    void escapesThatAreNotUtf8OrNulAreRefused() {
        for (String raw : List.of("\\xff", "\\xc3A", "\\xc3\\x41", "a\\0", "\\x00b", "\\xa9")) {
            assertThatThrownBy(() -> decode(raw)).as(raw).isInstanceOf(FieldFormatException.class)
                    .hasMessageNotContaining(raw);
        }
    }

    @Test
    void nullIsTheRawMarkerNotItsDecodedForm() throws Exception {
        assertThat(fields(codec, "\\N\t\\\\N\t\tx")).containsExactly(null, "\\N", "", "x");
        TextFieldCodec custom = new TextFieldCodec('|', "NULL");
        assertThat(fields(custom, "NULL|\\NULL|\\N|null")).containsExactly(null, "NULL", "N", "null");
    }

    @Test
    void escapedDelimiterIsData() throws Exception {
        assertThat(fields(codec, "a\\\tb\tc")).containsExactly("a\tb", "c");
        assertThat(fields(new TextFieldCodec(',', "\\N"), "1\\,5,x")).containsExactly("1,5", "x");
    }

    @Test
    void aBackslashEndingTheRowIsDroppedBeforeTheNullCheck() throws Exception {
        // The server stops before a trailing lone backslash, so "\N\" reads as NULL.
        assertThat(fields(codec, "ab\\")).containsExactly("ab");
        assertThat(fields(codec, "x\t\\N\\")).containsExactly("x", null);
    }

    @Test
    void splitStopsAtTheLimit() throws Exception {
        FieldSpans spans = new FieldSpans();
        codec.split("a\tb\tc\td", 0, 7, 2, spans);
        assertThat(spans.count()).isEqualTo(2);
        assertThat(spans.end(1)).isEqualTo(3);
    }

    @Test
    void encodeEscapesWhatWouldEndTheFieldOrRow() throws Exception {
        assertThat(codec.encode("a\tb\nc\rd\\e\bf\fg\u000Bh,i", 0)).isEqualTo("a\\tb\\nc\\rd\\\\e\\bf\\fg\\vh,i");
        assertThat(new TextFieldCodec(',', "\\N").encode("1,5\t", 0)).isEqualTo("1\\,5\\t");
        assertThat(codec.encode("\\N", 0)).isEqualTo("\\\\N");
        assertThat(codec.encode("", 0)).isEmpty();
    }

    @Test
    void encodeNeverSpellsTheNullMarker() throws Exception {
        TextFieldCodec custom = new TextFieldCodec('\t', "NULL");
        String raw = custom.encode("NULL", 0);
        assertThat(raw).isEqualTo("\\116ULL");
        assertThat(fields(custom, raw)).containsExactly("NULL");
        TextFieldCodec accented = new TextFieldCodec('\t', "é!");
        assertThat(fields(accented, accented.encode("é!", 0))).containsExactly("é!");
        TextFieldCodec empty = new TextFieldCodec('\t', "");
        assertThatThrownBy(() -> empty.encode("", 0)).isInstanceOf(FieldFormatException.class);
    }

    @Test
    void encodeThenDecodeIsTheIdentity() throws Exception {
        String alphabet = "ab\\\t\n\r\b\f\u000B,.N0x7é€\uD83D\uDE00 \"'";
        Random random = new Random(7);
        for (char delimiter : new char[] {'\t', ',', '|'}) {
            TextFieldCodec c = new TextFieldCodec(delimiter, "\\N");
            for (int n = 0; n < 2_000; n++) {
                StringBuilder value = new StringBuilder();
                for (int len = random.nextInt(12); len > 0; len--) {
                    int at = random.nextInt(alphabet.length());
                    char ch = alphabet.charAt(at);
                    value.append(ch);
                    if (Character.isHighSurrogate(ch)) {
                        value.append(alphabet.charAt(at + 1));
                    } else if (Character.isLowSurrogate(ch)) {
                        value.setLength(value.length() - 1);
                    }
                }
                String raw = c.encode(value.toString(), 0);
                assertThat(raw).doesNotContain("\n", "\r");
                assertThat(fields(c, raw)).as(value.toString()).containsExactly(value.toString());
            }
        }
    }
}
