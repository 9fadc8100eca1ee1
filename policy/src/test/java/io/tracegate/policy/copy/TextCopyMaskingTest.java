package io.tracegate.policy.copy;

import static io.tracegate.policy.copy.CopyFixtures.run;
import static io.tracegate.policy.copy.CopyFixtures.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracegate.policy.engine.CopyRowMasker;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TextCopyMaskingTest {

    @Test
    void masksProtectedColumnsAndCopiesTheRestByteForByte() {
        String input = "agent-1\tcharge card 4111 1111 1111 1111 now\t{\"email\": \"jane@example.com\", \"n\": 1}\tcard 4111111111111111\n"
                + "agent\\x2d2\tnothing here\\x21\t{\"k\":\"v\"}\t\\x41\n";
        assertThat(run(text(), input)).isEqualTo(
                "agent-1\tcharge card <CREDIT_CARD> now\t{\"email\": \"<EMAIL>\", \"n\": 1}\tcard 4111111111111111\n"
                + "agent\\x2d2\tnothing here\\x21\t{\"k\":\"v\"}\t\\x41\n");
    }

    @Test
    void aChangedFieldIsReEncodedWithTheFormatsEscapes() {
        // \t and \\ inside the value, an e-mail after them: the whole field is written back escaped.
        String input = "a\tto:\\tjane@example.com\\\\x\\x41\t\\N\tn\n";
        assertThat(run(text(), input)).isEqualTo("a\tto:\\t<EMAIL>\\\\xA\t\\N\tn\n");
    }

    @Test
    void nullStaysNullAndAnEscapedMarkerIsText() {
        String input = "a\t\\N\t\\N\t\\N\nb\t\\\\N\tnull\t\n";
        assertThat(run(text(), input)).isEqualTo(input);
    }

    @Test
    void headerLinePassesUntouched() {
        String input = "agent\treasoning 4111111111111111\tpayload\tnote\nx\t4111111111111111\t\\N\t\n";
        assertThat(run(text('\t', "\\N", true), input))
                .isEqualTo("agent\treasoning 4111111111111111\tpayload\tnote\nx\t<CREDIT_CARD>\t\\N\t\n");
    }

    @Test
    void customDelimiterAndNullMarker() {
        String input = "a|pay 4111111111111111 now\\|ok|NULL|x\n";
        assertThat(run(text('|', "NULL", false), input)).isEqualTo("a|pay <CREDIT_CARD> now\\|ok|NULL|x\n");
    }

    @Test
    void everyNewlineStyleIsKept() {
        String input = "a\tjane@example.com\t\\N\tx\r\nb\tjane@example.com\t\\N\ty\r\n";
        assertThat(run(text(), input)).isEqualTo("a\t<EMAIL>\t\\N\tx\r\nb\t<EMAIL>\t\\N\ty\r\n");
        assertThat(run(text(), "a\tjane@example.com\t\\N\tx\rb\t\\N\t\\N\ty\r"))
                .isEqualTo("a\t<EMAIL>\t\\N\tx\rb\t\\N\t\\N\ty\r");
    }

    @Test
    void anEscapedNewlineIsPartOfTheValue() {
        assertThat(run(text(), "a\tline one\\\njane@example.com\t\\N\tx\n"))
                .isEqualTo("a\tline one\\n<EMAIL>\t\\N\tx\n");
    }

    @Test
    void lastRowNeedsNoNewline() {
        CopyRowMasker masker = CopyFixtures.masker(text());
        assertThat(masker.accept("a\tjane@example.com\t\\N\tx")).isEmpty();
        assertThat(masker.finish()).isEqualTo("a\t<EMAIL>\t\\N\tx");
        assertThat(masker.finish()).isEmpty();
        assertThatThrownBy(() -> masker.accept("more")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void endOfDataMarkerPassesAndTheTextBeforeItIsARow() {
        String input = "a\tjane@example.com\t\\N\tx\\.\n\\.\nb\tjane@example.com\t\\N\ty\n";
        assertThat(run(text(), input))
                .isEqualTo("a\t<EMAIL>\t\\N\tx\\.\n\\.\nb\t<EMAIL>\t\\N\ty\n");
    }

    @Test
    void rowsOfTheWrongWidthAreMaskedWhereTheFieldsExist() {
        String input = "only-agent\na\tjane@example.com\nb\tjane@example.com\t{}\tn\textra 4111111111111111\n";
        assertThat(run(text(), input))
                .isEqualTo("only-agent\na\t<EMAIL>\nb\t<EMAIL>\t{}\tn\textra 4111111111111111\n");
    }

    @Test
    void jsonColumnIsMaskedInsideAndNotValidJsonIsRefusedWithoutTheValue() {
        assertThat(run(text(), "a\t\\N\t{\"card\": \"4111 1111 1111 1111\", \"note\": \"tab\\\\there\"}\tx\n"))
                .isEqualTo("a\t\\N\t{\"card\": \"<CREDIT_CARD>\", \"note\": \"tab\\\\there\"}\tx\n");
        assertThatThrownBy(() -> run(text(), "a\tok\t{}\tx\nb\tok\t{\"card\": 4111111111111111\tx\n"))
                .isInstanceOfSatisfying(CopyDataRejectedException.class, e -> {
                    assertThat(e.row()).isEqualTo(2);
                    assertThat(e.position()).isEqualTo(2);
                })
                .hasMessageStartingWith("COPY into public.agent_traces: row 2, column \"payload\" (field 3): the value is not valid JSON")
                .hasMessageNotContaining("4111");
    }

    @Test
    void aRejectedCopyTakesNoMoreData() {
        CopyRowMasker masker = CopyFixtures.masker(text());
        assertThatThrownBy(() -> masker.accept("a\tok\t{\tx\n")).isInstanceOf(CopyDataRejectedException.class);
        assertThatThrownBy(() -> masker.accept("b\tok\t{}\tx\n")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(masker::finish).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void escapesThatAreNotUtf8InAProtectedFieldAreRefused() {
        assertThatThrownBy(() -> run(text(), "a\t4111111111111111\\xff\t\\N\tx\n"))
                .isInstanceOf(CopyDataRejectedException.class)
                .hasMessage("COPY into public.agent_traces: row 1, column \"reasoning\" (field 2): "
                        + "escapes in the field decode to bytes that are not valid UTF-8");
        // The same bytes in a column that is not protected are the server's business.
        assertThat(run(text(), "a\tx\t\\N\t\\xff\n")).isEqualTo("a\tx\t\\N\t\\xff\n");
    }

    @Test
    void findingsAddUpOverAllMaskedFields() {
        CopyRowMasker masker = CopyFixtures.masker(text());
        masker.accept("a\tjane@example.com and bob@example.org\t{\"to\": \"amy@example.net\"}\t4111111111111111\n");
        masker.accept("b\t4111 1111 1111 1111\t\\N\tbob@example.org\n");
        masker.finish();
        assertThat(masker.findings()).isEqualTo(Map.of("email", 3, "credit_card", 1));
    }
}
