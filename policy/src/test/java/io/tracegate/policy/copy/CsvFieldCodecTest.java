package io.tracegate.policy.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CsvFieldCodecTest {
    private final CsvFieldCodec codec = new CsvFieldCodec(',', '"', '"', "");

    private static List<String> fields(CsvFieldCodec codec, String row) throws FieldFormatException {
        FieldSpans spans = new FieldSpans();
        codec.split(row, 0, row.length(), Integer.MAX_VALUE, spans);
        List<String> values = new ArrayList<>();
        for (int f = 0; f < spans.count(); f++) {
            values.add(spans.isNull(f) ? null : codec.decode(row, spans.start(f), spans.end(f), f));
        }
        return values;
    }

    @Test
    void quotedFieldsHoldDelimitersQuotesAndNewlines() throws Exception {
        assertThat(fields(codec, "a,\"b,c\",\"d\"\"e\",\"x\ny\r\nz\"")).containsExactly("a", "b,c", "d\"e", "x\ny\r\nz");
    }

    @Test
    void unquotedEmptyIsNullAndQuotedEmptyIsEmpty() throws Exception {
        assertThat(fields(codec, ",\"\",")).containsExactly(null, "", null);
    }

    @Test
    void quotedNullMarkerIsAString() throws Exception {
        CsvFieldCodec custom = new CsvFieldCodec(',', '"', '"', "NULL");
        assertThat(fields(custom, "NULL,\"NULL\",,null")).containsExactly(null, "NULL", "", "null");
    }

    @Test
    void quotesMayStartAndStopInsideAField() throws Exception {
        assertThat(fields(codec, "x\"a,b\"y,z")).containsExactly("xa,by", "z");
        assertThat(fields(codec, "ab\"\"")).containsExactly("ab");
    }

    @Test
    void aDistinctEscapeCharacterEscapesQuoteAndItselfOnlyInsideQuotes() throws Exception {
        CsvFieldCodec backslash = new CsvFieldCodec(',', '"', '\\', "");
        assertThat(fields(backslash, "\"a\\\"b\\\\c\\d\",e\\f")).containsExactly("a\"b\\c\\d", "e\\f");
        assertThat(fields(backslash, "\"a\"\"b\"")).containsExactly("ab");
    }

    @Test
    void customDelimiterAndQuote() throws Exception {
        CsvFieldCodec custom = new CsvFieldCodec(';', '\'', '\'', "\\N");
        assertThat(fields(custom, "'it''s;ok';\\N;'\\N';\"q\"")).containsExactly("it's;ok", null, "\\N", "\"q\"");
    }

    @Test
    void anUnterminatedQuoteNamesItsField() {
        assertThatThrownBy(() -> fields(codec, "a,b,\"c,d"))
                .isInstanceOfSatisfying(FieldFormatException.class, e -> assertThat(e.field()).isEqualTo(2))
                .hasMessage("unterminated CSV quoted field");
    }

    @Test
    void encodeAlwaysQuotes() {
        assertThat(codec.encode("", 0)).isEqualTo("\"\"");
        assertThat(codec.encode("say \"hi\"", 0)).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(new CsvFieldCodec(',', '"', '\\', "").encode("a\"b\\c", 0)).isEqualTo("\"a\\\"b\\\\c\"");
    }

    @Test
    void encodeThenDecodeIsTheIdentity() throws Exception {
        String alphabet = "ab\"'\\,;\t\n\r .é\uD83D\uDE00";
        Random random = new Random(11);
        List<CsvFieldCodec> codecs = List.of(codec, new CsvFieldCodec(',', '"', '\\', ""),
                new CsvFieldCodec(';', '\'', '\'', "NULL"), new CsvFieldCodec('\t', '\'', '"', "\\N"));
        for (CsvFieldCodec c : codecs) {
            for (int n = 0; n < 2_000; n++) {
                StringBuilder value = new StringBuilder();
                for (int len = random.nextInt(12); len > 0; len--) {
                    value.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
                String raw = c.encode(value.toString(), 0);
                assertThat(fields(c, raw)).as(value.toString()).containsExactly(value.toString());
            }
        }
    }
}
