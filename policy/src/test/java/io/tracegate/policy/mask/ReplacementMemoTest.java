package io.tracegate.policy.mask;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracegate.policy.MaskStrategy;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplacementMemoTest {
    private static final Masker MASKER = new Masker(MaskStrategy.REDACT,
            Map.of("email", MaskStrategy.HASH, "credit_card", MaskStrategy.PARTIAL),
            "k".getBytes(StandardCharsets.UTF_8));

    @Test
    void givesWhatTheMaskerGives() {
        ReplacementMemo memo = new ReplacementMemo(MASKER);
        String text = "a@b.co 4111111111111111 a@b.co 123-45-6789";
        assertThat(memo.replacement("email", text, 0, 6)).isEqualTo(MASKER.replacement("email", "a@b.co"));
        assertThat(memo.replacement("credit_card", text, 7, 23)).isEqualTo("************1111");
        assertThat(memo.replacement("email", text, 24, 30)).isEqualTo(MASKER.replacement("email", "a@b.co"));
        assertThat(memo.replacement("us_ssn", text, 31, 42)).isEqualTo("<US_SSN>");
    }

    @Test
    void equalValuesOfDifferentTypesAreKeptApart() {
        ReplacementMemo memo = new ReplacementMemo(new Masker(MaskStrategy.HASH, Map.of(), "k".getBytes(StandardCharsets.UTF_8)));
        String phone = memo.replacement("phone", "5551234567");
        String card = memo.replacement("credit_card", "5551234567");
        assertThat(phone).startsWith("<PHONE:");
        assertThat(card).startsWith("<CREDIT_CARD:");
    }

    @Test
    void onlyValueDependentStrategiesNeedTheValue() {
        assertThat(MASKER.fixedReplacement("us_ssn")).isEqualTo("<US_SSN>");
        assertThat(MASKER.fixedReplacement("email")).isNull();
        assertThat(MASKER.fixedReplacement("credit_card")).isNull();
    }
}
