package io.tracegate.policy.copy;

import static io.tracegate.policy.copy.CopyFixtures.csv;
import static io.tracegate.policy.copy.CopyFixtures.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CsvCopyMaskingTest {

    @Test
    void masksProtectedColumnsAndCopiesTheRestByteForByte() {
        String input = "agent-1,charge card 4111 1111 1111 1111 now,\"{\"\"email\"\": \"\"jane@example.com\"\"}\",card 4111111111111111\n"
                + "\"agent,2\",\"nothing \"\"here\"\"\",\"{}\",\"x\"\n";
        assertThat(run(csv(), input)).isEqualTo(
                "agent-1,\"charge card <CREDIT_CARD> now\",\"{\"\"email\"\": \"\"<EMAIL>\"\"}\",card 4111111111111111\n"
                + "\"agent,2\",\"nothing \"\"here\"\"\",\"{}\",\"x\"\n");
    }

    @Test
    void quotedNewlinesDelimitersAndQuotesStayInTheValue() {
        String input = "a,\"line one\r\nmail \"\"jane@example.com\"\", ok\",,n\n";
        assertThat(run(csv(), input)).isEqualTo("a,\"line one\r\nmail \"\"<EMAIL>\"\", ok\",,n\n");
    }

    @Test
    void unquotedEmptyIsNullAndStaysNullQuotedEmptyStaysEmpty() {
        assertThat(run(csv(), "a,,,\nb,\"\",,\"\"\n")).isEqualTo("a,,,\nb,\"\",,\"\"\n");
        // A quoted empty payload is the empty string, which is not JSON: refused, where NULL was not.
        assertThatThrownBy(() -> run(csv(), "a,,,\nb,,\"\",\n")).isInstanceOf(CopyDataRejectedException.class)
                .hasMessageContaining("row 2, column \"payload\"");
    }

    @Test
    void headerLinePassesUntouchedEvenAcrossLines() {
        String input = "agent,\"reason\n4111111111111111\",payload,note\nx,4111111111111111,,\n";
        assertThat(run(csv(',', '"', '"', "", true), input))
                .isEqualTo("agent,\"reason\n4111111111111111\",payload,note\nx,\"<CREDIT_CARD>\",,\n");
    }

    @Test
    void customDelimiterQuoteEscapeAndNull() {
        // With the escape distinct from the quote, '' closes and reopens the quotes: "its".
        String input = "a;'it''s jane@example.com; \\'really\\'';NULL;'NULL'\n";
        assertThat(run(csv(';', '\'', '\\', "NULL", false), input))
                .isEqualTo("a;'its <EMAIL>; \\'really\\'';NULL;'NULL'\n");
    }

    @Test
    void distinctEscapeIsWrittenBackForQuoteAndEscape() {
        String input = "a,\"c:\\\\dir \\\"jane@example.com\\\"\",,x\n";
        assertThat(run(csv(',', '"', '\\', "", false), input)).isEqualTo("a,\"c:\\\\dir \\\"<EMAIL>\\\"\",,x\n");
    }

    @Test
    void endOfDataMarkerPassesAndLaterLinesAreStillMasked() {
        String input = "a,jane@example.com,,\n\\.\nb,jane@example.com,,\n";
        assertThat(run(csv(), input)).isEqualTo("a,\"<EMAIL>\",,\n\\.\nb,\"<EMAIL>\",,\n");
    }

    @Test
    void anUnterminatedQuoteIsRefused() {
        assertThatThrownBy(() -> run(csv(), "a,ok,,\nb,\"4111111111111111,,\n"))
                .isInstanceOf(CopyDataRejectedException.class)
                .hasMessage("COPY into public.agent_traces: row 2, column \"reasoning\" (field 2): unterminated CSV quoted field");
    }

    @Test
    void rowsOfTheWrongWidthAreMaskedWhereTheFieldsExist() {
        assertThat(run(csv(), "a\nb,jane@example.com\nc,jane@example.com,{},n,x\n"))
                .isEqualTo("a\nb,\"<EMAIL>\"\nc,\"<EMAIL>\",{},n,x\n");
    }
}
