package io.tracegate.policy.detect;

import java.util.Map;

/**
 * International bank account numbers: country code, two check digits and the country's
 * BBAN, either contiguous or printed in groups of four separated by single spaces, in either
 * letter case. Accepted only when the length is the one the IBAN registry gives the country
 * and the ISO 7064 mod-97 check holds, which leaves about one random string in a hundred
 * thousand that could pass.
 */
final class IbanDetector implements Detector {
    static final String TYPE = "iban";

    /** Total IBAN length per country, from the SWIFT IBAN registry. */
    private static final Map<String, Integer> LENGTHS = Map.ofEntries(
            Map.entry("AD", 24), Map.entry("AE", 23), Map.entry("AL", 28), Map.entry("AT", 20),
            Map.entry("AZ", 28), Map.entry("BA", 20), Map.entry("BE", 16), Map.entry("BG", 22),
            Map.entry("BH", 22), Map.entry("BI", 27), Map.entry("BR", 29), Map.entry("BY", 28),
            Map.entry("CH", 21), Map.entry("CR", 22), Map.entry("CY", 28), Map.entry("CZ", 24),
            Map.entry("DE", 22), Map.entry("DJ", 27), Map.entry("DK", 18), Map.entry("DO", 28),
            Map.entry("EE", 20), Map.entry("EG", 29), Map.entry("ES", 24), Map.entry("FI", 18),
            Map.entry("FK", 18), Map.entry("FO", 18), Map.entry("FR", 27), Map.entry("GB", 22),
            Map.entry("GE", 22), Map.entry("GI", 23), Map.entry("GL", 18), Map.entry("GR", 27),
            Map.entry("GT", 28), Map.entry("HR", 21), Map.entry("HU", 28), Map.entry("IE", 22),
            Map.entry("IL", 23), Map.entry("IQ", 23), Map.entry("IS", 26), Map.entry("IT", 27),
            Map.entry("JO", 30), Map.entry("KW", 30), Map.entry("KZ", 20), Map.entry("LB", 28),
            Map.entry("LC", 32), Map.entry("LI", 21), Map.entry("LT", 20), Map.entry("LU", 20),
            Map.entry("LV", 21), Map.entry("LY", 25), Map.entry("MC", 27), Map.entry("MD", 24),
            Map.entry("ME", 22), Map.entry("MK", 19), Map.entry("MN", 20), Map.entry("MR", 27),
            Map.entry("MT", 31), Map.entry("MU", 30), Map.entry("NI", 28), Map.entry("NL", 18),
            Map.entry("NO", 15), Map.entry("OM", 23), Map.entry("PK", 24), Map.entry("PL", 28),
            Map.entry("PS", 29), Map.entry("PT", 25), Map.entry("QA", 29), Map.entry("RO", 24),
            Map.entry("RS", 22), Map.entry("RU", 33), Map.entry("SA", 24), Map.entry("SC", 31),
            Map.entry("SD", 18), Map.entry("SE", 24), Map.entry("SI", 19), Map.entry("SK", 24),
            Map.entry("SM", 27), Map.entry("SO", 23), Map.entry("ST", 25), Map.entry("SV", 28),
            Map.entry("TL", 23), Map.entry("TN", 24), Map.entry("TR", 26), Map.entry("UA", 29),
            Map.entry("VA", 22), Map.entry("VG", 24), Map.entry("XK", 20), Map.entry("YE", 30));

    private static final int[] LENGTH_TABLE = new int[26 * 26];

    static {
        LENGTHS.forEach((code, length) -> LENGTH_TABLE[(code.charAt(0) - 'A') * 26 + code.charAt(1) - 'A'] = length);
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public boolean masked() {
        return true;
    }

    @Override
    public int specificity() {
        return 85;
    }

    @Override
    public void scan(ScanText scanText, FindingSink sink) {
        if (!scanText.mayContainDigit()) {
            return;
        }
        String s = scanText.text();
        int n = s.length();
        char[] iban = null;
        // The check digits are the first digits of an IBAN: start from each digit run.
        int runs = scanText.digitRunCount();
        int k = 0;
        while (k < runs) {
            int i = scanText.digitRunStart(k) - 2;
            if (i < 0 || i + 4 >= n || !(Chars.asciiLetter(s.charAt(i)) && Chars.asciiLetter(s.charAt(i + 1))
                    && Chars.digit(s.charAt(i + 3)) && Chars.boundaryBefore(s, i))) {
                k++;
                continue;
            }
            int expected = length(s.charAt(i), s.charAt(i + 1));
            if (expected > 0 && iban == null) {
                iban = new char[34];
            }
            int end = expected == 0 ? -1 : read(s, i, expected, iban);
            if (end > 0 && mod97(iban, expected)) {
                sink.found(i, end);
                k = scanText.nextDigitRun(k + 1, end);
            } else {
                k++;
            }
        }
    }

    /** IBAN length for a country code in either case, 0 when the code has no IBAN. */
    private static int length(char a, char b) {
        int x = (a | 0x20) - 'a';
        int y = (b | 0x20) - 'a';
        return LENGTH_TABLE[x * 26 + y];
    }

    /**
     * Reads exactly {@code length} alphanumerics from {@code start} into {@code out}, allowing a
     * single space after every fourth one; returns the end offset or -1 when the text does
     * not hold an IBAN of that length ending at a word boundary.
     */
    private static int read(String s, int start, int length, char[] out) {
        int n = s.length();
        int p = start;
        int count = 0;
        while (count < length) {
            if (p >= n) {
                return -1;
            }
            char c = s.charAt(p);
            if (c == ' ' && count % 4 == 0 && count > 0 && p + 1 < n && Chars.asciiAlnum(s.charAt(p + 1))) {
                p++;
                continue;
            }
            if (!Chars.asciiAlnum(c)) {
                return -1;
            }
            out[count++] = Character.toUpperCase(c);
            p++;
        }
        return Chars.boundaryAfter(s, p) ? p : -1;
    }

    /**
     * ISO 7064 MOD 97-10 over the IBAN with its first four characters moved to the end
     * (letters count as two digits, A = 10). The remainder is taken only when the running
     * value grows past 10^15, where two more digits still fit a long, not once per digit.
     */
    static boolean mod97(char[] iban, int length) {
        long value = 0;
        for (int k = 4; k < length + 4; k++) {
            char c = iban[k < length ? k : k - length];
            value = c <= '9' ? value * 10 + (c - '0') : value * 100 + (c - 'A' + 10);
            if (value >= 1_000_000_000_000_000L) {
                value %= 97;
            }
        }
        return value % 97 == 1;
    }
}
