package io.tracegate.policy.detect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PhoneShapeTest {

    /** The candidate is read in place: text around it must not change the answer. */
    private static String framed(String candidate) {
        return "12(" + candidate + ")34";
    }

    @ParameterizedTest
    @ValueSource(strings = {"+1 415 555 2671", "1-800-555-0199", "+33 1 42 68 53 00", "+46 (0)8 123 456 78", "(415) 555-2671"})
    void plausibleGroups(String candidate) {
        String s = framed(candidate);
        assertThat(PhoneShape.groupsPlausible(s, 3, 3 + candidate.length())).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1 2 3 4 5 6 7", "555 1 2345", "+1 2 3 4 555"})
    void singleDigitGroupsPastTheStart(String candidate) {
        String s = framed(candidate);
        assertThat(PhoneShape.groupsPlausible(s, 3, 3 + candidate.length())).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"2024-01-31", "31.01.2024", "1/2/2024", "2024/1/2"})
    void dates(String candidate) {
        String s = framed(candidate);
        assertThat(PhoneShape.date(s, 3, 3 + candidate.length())).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"2024-01.31", "2024-01-31-5", "555-123-4567", "2024 01 31", "12-34"})
    void notDates(String candidate) {
        String s = framed(candidate);
        assertThat(PhoneShape.date(s, 3, 3 + candidate.length())).isFalse();
    }

    @Test
    void mainDigitsStopAtAnExtension() {
        String s = "call 555-123-4567 x89 now";
        assertThat(PhoneShape.mainDigits(s, 5, 21)).isEqualTo("5551234567");
        assertThat(PhoneShape.mainDigits(s, 5, 17)).isEqualTo("5551234567");
    }
}
