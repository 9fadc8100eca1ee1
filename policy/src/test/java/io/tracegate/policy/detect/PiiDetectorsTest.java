package io.tracegate.policy.detect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PiiDetectorsTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "4111111111111111", "4111 1111 1111 1111", "4111-1111-1111-1111", "378282246310005",
        "3782 822463 10005", "5555555555554444", "6011111111111117", "30569309025904", "4222222222222",
        "2223003122003222", "4131034282458809939", "6304273733980"})
    void creditCardTruePositives(String card) {
        assertThat(Found.by("credit_card", "pay with " + card + ", thanks")).containsExactly(card);
    }

    @Test
    void twelveDigitMaestroOnlyInMaestroRanges() {
        assertThat(Found.by("credit_card", "card 630427373398 lost")).containsExactly("630427373398");
        assertThat(Found.by("credit_card", "order 430427373391 lost")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "4111111111111112",          // Luhn fails
        "1732600000000",             // epoch milliseconds: prefix 1 needs 15 digits
        "9111111111111111",          // not an issuer prefix (Luhn-valid)
        "41111111111111111111",      // 20 digits
        "1 2 3 4 5 6 7 8 9 0 1 2 3", // list of small numbers
        "v1.4111111111111111",       // glued to a dotted token
        "123e4567-e89b-12d3-a456-426614174000",
        "a4111111111111111"})
    void creditCardFalsePositives(String text) {
        assertThat(Found.by("credit_card", "value " + text + " end")).isEmpty();
    }

    @Test
    void creditCardFollowedByMoreDigitsSeparatedBySpace() {
        assertThat(Found.by("credit_card", "card 4111 1111 1111 1111 2027 exp")).containsExactly("4111 1111 1111 1111");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "jane.doe@example.com", "JaneDoe+tag@mail.example.co.uk", "o'hara@example.ie", "x_y-z@sub-domain.example.org",
        "müller@bücher.de"})
    void emailTruePositives(String email) {
        assertThat(Found.by("email", "write to <" + email + ">.")).containsExactly(email);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "user@localhost", "@handle", "a@b.c", "x@-bad.com", "first..last@example.com", "name@example.c0m",
        "git@github", "foo@bar."})
    void emailFalsePositives(String text) {
        assertThat(Found.by("email", "see " + text + " now")).isEmpty();
    }

    @Test
    void emailTrailingSentencePunctuationExcluded() {
        assertThat(Found.by("email", "Mail jane@example.com. Or 'bob@example.org'")).containsExactly("jane@example.com", "bob@example.org");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "+1 415-555-2671", "(415) 555-2671", "415.555.2671", "+44 20 7946 0958", "020 7946 0958",
        "+49 30 901820", "030 901820 55", "+33 1 42 68 53 00", "01 42 68 53 00", "4155552671",
        "+1-202-555-0173 x1234", "(202) 555-0173 ext. 12"})
    void phoneTruePositives(String phone) {
        assertThat(Found.by("phone", "reach me at " + phone + " tomorrow")).containsExactly(phone);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "2024-01-31", "31.01.2024", "12/31/2024", "took 1234567 ms", "v10.0.19041", "id 98765432",
        "192.168.100.200", "step 3 of 4", "17031 2202 Rissik St", "1.5551234567"})
    void phoneFalsePositives(String text) {
        assertThat(Found.by("phone", "value " + text + " end")).isEmpty();
    }

    @Test
    void phoneLabelledByContextEvenWhenRangeUnknown() {
        assertThat(Found.by("phone", "Phone: 467 3395")).containsExactly("467 3395");
        assertThat(Found.by("phone", "Route 467 3395 is closed")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"123-45-6789", "460-89-9847", "078 05 1120"})
    void ssnTruePositives(String ssn) {
        assertThat(Found.by("us_ssn", "SSN " + ssn + ".")).containsExactly(ssn);
    }

    @ParameterizedTest
    @ValueSource(strings = {"000-12-3456", "666-12-3456", "900-12-3456", "123-00-4567", "123-45-0000",
        "123-45-67890", "1-123-45-6789", "123-45-6789-1"})
    void ssnInvalidRulesAndShapes(String text) {
        assertThat(Found.by("us_ssn", "number " + text + " end")).isEmpty();
    }

    @Test
    void bareNineDigitSsnNeedsContext() {
        assertThat(Found.by("us_ssn", "my social security number is 123456789")).containsExactly("123456789");
        assertThat(Found.by("us_ssn", "order number 123456789")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "GB82WEST12345698765432", "GB82 WEST 1234 5698 7654 32", "gb82west12345698765432",
        "DE89370400440532013000", "DE89 3704 0044 0532 0130 00", "FR1420041010050500013M02606", "NO9386011117947"})
    void ibanTruePositives(String iban) {
        assertThat(Found.by("iban", "IBAN: " + iban + " please")).containsExactly(iban);
    }

    @ParameterizedTest
    @ValueSource(strings = {"GB82WEST12345698765433", "GB82WEST1234569876543", "XX82WEST12345698765432",
        "DE89370400440532013000X"})
    void ibanFalsePositives(String text) {
        assertThat(Found.by("iban", "iban " + text + " end")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"192.168.1.1", "8.8.8.8", "255.255.255.255", "10.0.0.254"})
    void ipv4TruePositives(String ip) {
        assertThat(Found.by("ipv4", "host |" + ip + "| up")).containsExactly(ip);
        assertThat(Found.by("ipv4", "connect " + ip + ":5432.")).containsExactly(ip);
    }

    @ParameterizedTest
    @ValueSource(strings = {"256.1.1.1", "1.2.3", "1.2.3.4.5", "01.2.3.4", "v1.2.3.4", "1.2.3.4a"})
    void ipv4FalsePositives(String text) {
        assertThat(Found.by("ipv4", "got " + text + " end")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"2001:db8::1", "fe80::1ff:fe23:4567:890a", "::1", "2001:0db8:85a3:0000:0000:8a2e:0370:7334",
        "6e40:4041:c617:e898:c11:40d2:c669:2eb4", "::ffff:192.0.2.128"})
    void ipv6TruePositives(String ip) {
        assertThat(Found.by("ipv6", "address " + ip + " blocked")).containsExactly(ip);
    }

    @ParameterizedTest
    @ValueSource(strings = {"12:30:45", "00:1A:2B:3C:4D:5E", "Abc::Def", "std::vector", "1:2:3:4:5:6:7",
        "1::2::3", "12345::1"})
    void ipv6FalsePositives(String text) {
        assertThat(Found.by("ipv6", "see " + text + " end")).isEmpty();
    }
}
