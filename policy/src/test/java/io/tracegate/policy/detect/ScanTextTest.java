package io.tracegate.policy.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScanTextTest {

    @Test
    void asciiIsIdentity() {
        ScanText t = ScanText.of("plain ascii 123");
        assertThat(t.identity()).isTrue();
        assertThat(t.text()).isSameAs(t.original());
        assertThat(t.originalStart(3)).isEqualTo(3);
        assertThat(t.originalEnd(5)).isEqualTo(5);
    }

    @Test
    void normalisedNonAsciiIsIdentity() {
        ScanText t = ScanText.of("café 北京 ok");
        assertThat(t.identity()).isTrue();
    }

    @Test
    void fullWidthDigitsAndZeroWidthCharactersMapBack() {
        String original = "card ４１１１\u200B1111\u200D1111\uFEFF1111 end";
        ScanText t = ScanText.of(original);
        assertThat(t.text()).isEqualTo("card 4111111111111111 end");
        assertThat(t.originalStart(5)).isEqualTo(5);
        assertThat(t.originalEnd(21)).isEqualTo(original.indexOf(" end"));
    }

    @Test
    void cardHiddenWithZeroWidthAndFullWidthIsFoundOverOriginalCharacters() {
        String original = "pay ４１１１ 1111\u200B 1111 11\u200C11 now";
        List<Finding> findings = DetectorSet.all().scan(original);
        assertThat(findings).hasSize(1);
        Finding f = findings.get(0);
        assertThat(f.type()).isEqualTo("credit_card");
        assertThat(original.substring(f.start(), f.end())).isEqualTo("４１１１ 1111\u200B 1111 11\u200C11");
    }

    @Test
    void otherScriptDigitsBecomeAscii() {
        ScanText t = ScanText.of("٤١١١");
        assertThat(t.text()).isEqualTo("4111");
    }

    @Test
    void combiningSequencesComposeAndMapToTheWholeSequence() {
        String original = "e\u0301a";
        ScanText t = ScanText.of(original);
        assertThat(t.text()).isEqualTo("éa");
        assertThat(t.originalStart(0)).isZero();
        assertThat(t.originalEnd(1)).isEqualTo(2);
        assertThat(t.originalStart(1)).isEqualTo(2);
    }

    @Test
    void ligatureExpansionMapsEveryOutputCharToItsSource() {
        String original = "\uFB01x"; // "ﬁ" ligature becomes "fi"
        ScanText t = ScanText.of(original);
        assertThat(t.text()).isEqualTo("fix");
        assertThat(t.originalStart(1)).isZero();
        assertThat(t.originalEnd(2)).isEqualTo(1);
        assertThat(t.originalStart(2)).isEqualTo(1);
    }

    @Test
    void fullWidthEmailIsFoundAtOriginalOffsets() {
        String original = "mail ｊａｎｅ＠ｅｘａｍｐｌｅ．ｃｏｍ now";
        List<Finding> findings = DetectorSet.all().scan(original);
        assertThat(findings).extracting(Finding::type).containsExactly("email");
        assertThat(original.substring(findings.get(0).start(), findings.get(0).end())).isEqualTo("ｊａｎｅ＠ｅｘａｍｐｌｅ．ｃｏｍ");
    }

    @Test
    void surrogatePairsKeepTheirOffsets() {
        String original = "😀 call 4111111111111111";
        Finding f = DetectorSet.all().scan(original).get(0);
        assertThat(original.substring(f.start(), f.end())).isEqualTo("4111111111111111");
    }

    @Test
    void lowerIsAsciiOnlyAndSameLength() {
        ScanText t = ScanText.of("ABC İx");
        assertThat(t.lower()).hasSameSizeAs(t.text()).startsWith("abc ");
    }

    @Test
    void shortAsciiTextsKnowWhichCharactersTheyHold() {
        ScanText t = ScanText.of("crm.lookup");
        assertThat(t.mayContain('.')).isTrue();
        assertThat(t.mayContain('k')).isTrue();
        assertThat(t.mayContain('@')).isFalse();
        assertThat(t.mayContain('K')).isFalse();
        assertThat(t.mayContainDigit()).isFalse();
        assertThat(ScanText.of("step 7").mayContainDigit()).isTrue();
    }

    @Test
    void longOrNonAsciiTextsMayHoldAnything() {
        assertThat(ScanText.of("a".repeat(300)).mayContain('@')).isTrue();
        assertThat(ScanText.of("a".repeat(300)).mayContainDigit()).isTrue();
        assertThat(ScanText.of("café").mayContain('@')).isTrue();
        // Full-width digits become ASCII digits, so the text may hold one.
        assertThat(ScanText.of("\uFF14\uFF12").mayContainDigit()).isTrue();
    }
}
