package io.tracegate.policy.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IbanCheckTest {

    @Test
    void knownIbans() {
        assertThat(mod97("DE89370400440532013000")).isTrue();
        assertThat(mod97("GB82WEST12345698765432")).isTrue();
        assertThat(mod97("FR1420041010050500013M02606")).isTrue();
        assertThat(mod97("DE89370400440532013001")).isFalse();
    }

    /** The reference: the rearranged IBAN with letters as two digits, as one big number, mod 97. */
    @Test
    void agreesWithTheBigNumberDefinition() {
        Random random = new Random(3);
        String alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
        for (int round = 0; round < 5000; round++) {
            int length = 15 + random.nextInt(20);
            StringBuilder iban = new StringBuilder();
            for (int i = 0; i < length; i++) {
                iban.append(alphabet.charAt(random.nextInt(i < 2 || random.nextInt(4) == 0 ? alphabet.length() : 10)));
            }
            String rearranged = iban.substring(4) + iban.substring(0, 4);
            StringBuilder digits = new StringBuilder();
            for (char c : rearranged.toCharArray()) {
                digits.append(Character.isDigit(c) ? String.valueOf(c - '0') : String.valueOf(c - 'A' + 10));
            }
            boolean expected = new BigInteger(digits.toString()).mod(BigInteger.valueOf(97)).intValue() == 1;
            assertThat(mod97(iban.toString())).as(iban.toString()).isEqualTo(expected);
        }
    }

    private static boolean mod97(String iban) {
        return IbanDetector.mod97(iban.toCharArray(), iban.length());
    }
}
