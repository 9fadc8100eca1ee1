package io.tracegate.policy.detect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NumberVerdictsTest {

    @Test
    void remembersByMainDigitsAndKind() {
        NumberVerdicts verdicts = new NumberVerdicts();
        String s = "+1 415 555 2671 and 1 (415) 555-2671 x12";
        assertThat(verdicts.get(s, 0, 15, true)).isEqualTo(-1);
        verdicts.put(s, 0, 15, true, true);
        assertThat(verdicts.get(s, 0, 15, true)).isEqualTo(1);
        // Same digits written nationally: a different question.
        assertThat(verdicts.get(s, 20, 40, false)).isEqualTo(-1);
        verdicts.put(s, 20, 40, false, false);
        assertThat(verdicts.get(s, 20, 36, false)).as("the extension is not part of the number").isZero();
    }

    @Test
    void leadingZerosKeepNumbersApart() {
        NumberVerdicts verdicts = new NumberVerdicts();
        String s = "0049301234 49301234";
        verdicts.put(s, 0, 10, false, true);
        assertThat(verdicts.get(s, 11, 19, false)).isEqualTo(-1);
    }

    @Test
    void aFullTableStopsRememberingButNeverAnswersWrongly() {
        NumberVerdicts verdicts = new NumberVerdicts();
        for (int i = 0; i < 1000; i++) {
            String number = Integer.toString(1_000_000 + i);
            verdicts.put(number, 0, number.length(), false, i % 2 == 0);
        }
        for (int i = 0; i < 1000; i++) {
            String number = Integer.toString(1_000_000 + i);
            int verdict = verdicts.get(number, 0, number.length(), false);
            assertThat(verdict).isIn(-1, i % 2 == 0 ? 1 : 0);
        }
    }

    @Test
    void digitStringsTooLongToPackAreNotRemembered() {
        NumberVerdicts verdicts = new NumberVerdicts();
        String s = "123456789012345678";
        verdicts.put(s, 0, s.length(), false, true);
        assertThat(verdicts.get(s, 0, s.length(), false)).isEqualTo(-1);
    }
}
