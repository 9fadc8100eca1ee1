package io.tracegate.policy.mask;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracegate.policy.MaskStrategy;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class MaskerTest {
    private static final byte[] KEY = "demo-only-key".getBytes(StandardCharsets.UTF_8);

    @Test
    void redactUsesUpperCasedType() {
        Masker m = new Masker(MaskStrategy.REDACT, Map.of(), null);
        assertThat(m.replacement("credit_card", "4111111111111111")).isEqualTo("<CREDIT_CARD>");
        assertThat(m.replacement("employee_id", "EMP-123456")).isEqualTo("<EMPLOYEE_ID>");
    }

    @Test
    void partialKeepsLastFourAndSeparators() {
        Masker m = new Masker(MaskStrategy.PARTIAL, Map.of(), null);
        assertThat(m.replacement("credit_card", "4111111111111111")).isEqualTo("************1111");
        assertThat(m.replacement("credit_card", "4111-1111-1111-1234")).isEqualTo("****-****-****-1234");
        assertThat(m.replacement("phone", "+1 (415) 555-2671")).isEqualTo("+* (***) ***-2671");
        assertThat(m.replacement("email", "jane@example.com")).isEqualTo("****@******e.com");
    }

    @Test
    void partialDropsInvisibleCharactersAndKeepsOriginalDigits() {
        Masker m = new Masker(MaskStrategy.PARTIAL, Map.of(), null);
        assertThat(m.replacement("credit_card", "４１１１\u200B1111 1111 １２３４")).isEqualTo("******** **** １２３４");
    }

    @Test
    void partialNeverShowsShortValuesWhole() {
        Masker m = new Masker(MaskStrategy.PARTIAL, Map.of(), null);
        assertThat(m.replacement("generic_secret", "abc123")).isEqualTo("***123");
        assertThat(m.replacement("generic_secret", "ab")).isEqualTo("*b");
        assertThat(m.replacement("generic_secret", "x")).isEqualTo("*");
        assertThat(m.replacement("generic_secret", "p_w=rd")).isEqualTo("****rd");
    }

    @Test
    void hashIsHmacSha256Prefix() throws Exception {
        Masker m = new Masker(MaskStrategy.HASH, Map.of(), KEY);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
        byte[] d = mac.doFinal("jane@example.com".getBytes(StandardCharsets.UTF_8));
        String expected = String.format("%02x%02x%02x%02x", d[0], d[1], d[2], d[3]);
        assertThat(m.replacement("email", "jane@example.com")).isEqualTo("<EMAIL:" + expected + ">");
    }

    @Test
    void hashIsDeterministicAndCanonical() {
        Masker m = new Masker(MaskStrategy.HASH, Map.of(), KEY);
        assertThat(m.replacement("email", "Jane@Example.com")).isEqualTo(m.replacement("email", "jane@example.com"));
        assertThat(m.replacement("credit_card", "4111 1111 1111 1111"))
                .isEqualTo(m.replacement("credit_card", "4111-1111-1111-1111"))
                .isEqualTo(m.replacement("credit_card", "４１１１1111\u200B11111111"));
        assertThat(m.replacement("iban", "gb82 west 1234 5698 7654 32")).isEqualTo(m.replacement("iban", "GB82WEST12345698765432"));
        assertThat(m.replacement("email", "a@example.com")).isNotEqualTo(m.replacement("email", "b@example.com"));
        assertThat(m.replacement("email", "a@example.com")).matches("<EMAIL:[0-9a-f]{8}>");
    }

    @Test
    void hashDependsOnKey() {
        Masker a = new Masker(MaskStrategy.HASH, Map.of(), KEY);
        Masker b = new Masker(MaskStrategy.HASH, Map.of(), "other".getBytes(StandardCharsets.UTF_8));
        assertThat(a.replacement("email", "a@example.com")).isNotEqualTo(b.replacement("email", "a@example.com"));
    }

    @Test
    void strategyByTypeOverridesDefault() {
        Masker m = new Masker(MaskStrategy.REDACT, Map.of("credit_card", MaskStrategy.PARTIAL, "EMAIL", MaskStrategy.HASH), KEY);
        assertThat(m.strategyFor("credit_card")).isEqualTo(MaskStrategy.PARTIAL);
        assertThat(m.strategyFor("email")).isEqualTo(MaskStrategy.HASH);
        assertThat(m.strategyFor("phone")).isEqualTo(MaskStrategy.REDACT);
        assertThat(m.replacement("phone", "+1 415 555 2671")).isEqualTo("<PHONE>");
    }

    @Test
    void hashNeedsAKey() {
        assertThatThrownBy(() -> new Masker(MaskStrategy.REDACT, Map.of("email", MaskStrategy.HASH), new byte[0]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Masker(MaskStrategy.HASH, Map.of(), null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void toStringHidesKey() {
        Masker m = new Masker(MaskStrategy.HASH, Map.of(), KEY);
        assertThat(m.toString()).doesNotContain("demo-only-key").contains("hashKey=set");
    }
}
