package io.tracegate.policy.detect;

import java.util.List;

/**
 * Telephone numbers: candidates found by a hand-written scanner, each validated with
 * libphonenumber's metadata ({@code isPossibleNumber} then
 * {@code isValidNumberForRegion}, see {@link PhoneNumberCheck}) as an international number when it starts
 * with {@code +} (or {@code 00}), otherwise as a national number of one of {@link #REGIONS}.
 *
 * <p>libphonenumber's own {@code findNumbers} and {@code parse} are not used: they run
 * {@code java.util.regex} over the text, and {@code parse} alone costs about 16 us. Here
 * the {@code PhoneNumber} is built from the candidate's digits, and the only regular
 * expressions run are the metadata's, over at most 17 digits: the scan stays linear.
 *
 * <p>A candidate is digits with single separators (space, dash, dot, slash, parentheses,
 * at most two in a row), optionally a leading {@code +}, and an optional extension
 * ({@code x123}, {@code ext. 123}). It needs 7 to 15 digits; a run of bare digits with no
 * separator and no {@code +} needs 10, since shorter bare numbers in traces are counts, ids
 * and durations far more often than phone numbers. Dates ({@code 2024-01-31},
 * {@code 31.01.2024}), dotted quads and lists of one-digit numbers are not candidates, nor
 * is a run already taken by a more specific finding (card, SSN, IBAN, IP address).
 * A candidate that fails validation is still a phone number when the text calls it one
 * ("Phone:", "call", "fax" just before it).
 */
final class PhoneDetector implements Detector {
    static final String TYPE = "phone";
    /**
     * Countries whose national formats are accepted without a leading +: NANP and large
     * markets whose numbering plans let validation reject most random digit strings. Spain,
     * Poland and the Nordic countries are left out: their nine- and eight-digit plans
     * without trunk prefix accept street numbers and ids as readily as phone numbers.
     * International numbers (+...) of every country are accepted.
     */
    static final List<String> REGIONS = List.of(
            "US", "CA", "GB", "DE", "FR", "IT", "NL", "AT", "CH", "IE", "IN", "AU", "ZA", "BR", "JP");
    private final PhoneNumberCheck check;

    PhoneDetector() {
        this(REGIONS);
    }

    PhoneDetector(List<String> regions) {
        this.check = new PhoneNumberCheck(regions);
    }
    private static final int MAX_CANDIDATE = 40;
    private static final int MIN_DIGITS = 7;
    private static final int MIN_BARE_DIGITS = 10;
    private static final int MAX_DIGITS = 15;
    private static final int CONTEXT_BEFORE = 32;
    private static final int CONTEXT_AFTER = 12;
    private static final List<String> CONTEXT_WORDS = List.of(
            "phone", "telephone", "tel", "mobile", "cell", "fax", "call", "sms", "whatsapp", "desk",
            "office", "contact", "dial");
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
        return 50;
    }

    @Override
    public void scan(ScanText scanText, FindingSink sink) {
        if (!scanText.mayContainDigit()) {
            return;
        }
        String s = scanText.text();
        int runs = scanText.digitRunCount();
        Candidates candidates = null;
        int k = 0;
        while (k < runs) {
            int firstDigit = scanText.digitRunStart(k);
            int runEnd = scanText.digitRunEnd(k);
            // A run of fewer than seven digits that no other digits join (within two
            // separators) is a whole stretch too short to be a number: most numbers in a
            // trace end here ("took 34 ms").
            if (runEnd - firstDigit < MIN_DIGITS && !digitsJoin(s, runEnd)) {
                k++;
                continue;
            }
            int i = firstDigit;
            if (i > 0 && (s.charAt(i - 1) == '+' || s.charAt(i - 1) == '(')) {
                i--;
            }
            if (!Chars.boundaryBefore(s, i) || Chars.joinedBefore(s, i, "._/-:")
                    || (i > 0 && (s.charAt(i - 1) == '+' || s.charAt(i - 1) == '('))) {
                k++;
                continue;
            }
            int extent = extentEnd(s, i);
            // Every candidate of the stretch holds its first digit: when a more specific
            // finding (card, IBAN, SSN) took that digit, none can win, so none is validated.
            if (extent > 0 && !scanText.claimed(firstDigit, firstDigit + 1)) {
                if (candidates == null) {
                    candidates = new Candidates();
                }
                int end = candidateEnd(scanText, i, extent, candidates);
                if (end > 0) {
                    sink.found(i, end);
                    k = scanText.nextDigitRun(k + 1, end);
                    continue;
                }
            }
            // Nothing starts inside this phone-shaped stretch either: skip all of it.
            k = scanText.nextDigitRun(k + 1, Math.max(-extent, extent));
        }
    }

    /**
     * Working state of one scan: where the digit groups of the current stretch end, and the
     * verdicts of the number checks made so far. Traces repeat the same number often (a
     * customer's phone in every step), and the check is the costly part of this detector.
     */
    private static final class Candidates {
        final int[] ends = new int[MAX_CANDIDATE];
        final int[] digitsAt = new int[MAX_CANDIDATE];
        final NumberVerdicts verdicts = new NumberVerdicts();
    }

    /**
     * One cheap pass over the phone-shaped stretch from {@code start}: digits and separators
     * (at most two in a row), parentheses balanced. Returns its end when it holds enough
     * digits to be a phone number, otherwise minus its end.
     */
    private static int extentEnd(String s, int start) {
        int n = s.length();
        int p = start;
        if (s.charAt(p) == '+') {
            p++;
        }
        int digits = 0;
        int separatorsInRow = 0;
        int open = 0;
        int lastDigitEnd = p;
        while (p < n && p - start < MAX_CANDIDATE) {
            char c = s.charAt(p);
            if (Chars.digit(c)) {
                digits++;
                separatorsInRow = 0;
                lastDigitEnd = p + 1;
            } else if (separator(c)) {
                if (++separatorsInRow > 2 || (c == ')' && --open < 0)) {
                    break;
                }
                if (c == '(') {
                    open++;
                }
            } else {
                break;
            }
            p++;
        }
        return digits >= MIN_DIGITS ? lastDigitEnd : -lastDigitEnd;
    }

    /**
     * True when a digit follows {@code end} after at most two separators, as
     * {@link #extentEnd} would read on; false means the stretch ends with the run before.
     */
    private static boolean digitsJoin(String s, int end) {
        int limit = Math.min(s.length(), end + 3);
        for (int p = end; p < limit; p++) {
            char c = s.charAt(p);
            if (Chars.digit(c)) {
                return true;
            }
            if (!separator(c)) {
                return false;
            }
        }
        return false;
    }

    private static boolean separator(char c) {
        return c == ' ' || c == '-' || c == '.' || c == '/' || c == '(' || c == ')';
    }

    /**
     * End of a valid phone number starting at {@code start} within {@code [start, extent)},
     * or -1. The whole stretch is tried first, then the same stretch cut at earlier spaces,
     * since a number is often followed by more digits ("call 555-123-4567 2 times").
     */
    private int candidateEnd(ScanText scanText, int start, int extent, Candidates candidates) {
        String s = scanText.text();
        int[] ends = candidates.ends;
        int[] digitsAt = candidates.digitsAt;
        int count = 0;
        int digits = 0;
        for (int p = start; p < extent; p++) {
            if (Chars.digit(s.charAt(p))) {
                digits++;
                if (p + 1 >= extent || !Chars.digit(s.charAt(p + 1))) {
                    ends[count] = p + 1;
                    digitsAt[count++] = digits;
                }
            }
        }
        int tries = 0;
        for (int g = count - 1; g >= 0 && tries < 3; g--) {
            if (digitsAt[g] < MIN_DIGITS) {
                break;
            }
            boolean whole = g == count - 1;
            if (digitsAt[g] > MAX_DIGITS || (!whole && s.charAt(ends[g]) != ' ')) {
                continue;
            }
            tries++;
            int end = ends[g];
            if (whole) {
                int ext = extensionEnd(s, end);
                if (ext > 0) {
                    end = ext;
                }
            }
            if (Chars.boundaryAfter(s, end) && !continuedByDigits(s, end) && !scanText.claimed(start, end)
                    && valid(scanText, start, end, candidates.verdicts)) {
                return end;
            }
        }
        return -1;
    }

    /** A separator and more digits follow: the number goes on ({@code 555-1234-99}, {@code 1.5}). */
    private static boolean continuedByDigits(String s, int end) {
        return end + 1 < s.length() && "._/-:,".indexOf(s.charAt(end)) >= 0 && Chars.digit(s.charAt(end + 1));
    }

    /** End of an extension such as {@code x123}, {@code ext. 123}, {@code #123} after {@code p}, or -1. */
    private static int extensionEnd(String s, int p) {
        int n = s.length();
        int q = p;
        while (q < n && s.charAt(q) == ' ') {
            q++;
        }
        if (q < n && (s.charAt(q) == 'x' || s.charAt(q) == 'X' || s.charAt(q) == '#')) {
            q++;
        } else if (s.regionMatches(true, q, "ext", 0, 3)) {
            q += 3;
            if (q < n && s.charAt(q) == '.') {
                q++;
            }
        } else {
            return -1;
        }
        while (q < n && s.charAt(q) == ' ') {
            q++;
        }
        int digitsStart = q;
        while (q < n && Chars.digit(s.charAt(q)) && q - digitsStart < 6) {
            q++;
        }
        return q > digitsStart ? q : -1;
    }

    /**
     * Whether the candidate {@code [start, end)} is a phone number: plausible shape, then
     * libphonenumber's verdict on its digits (remembered for the scan), then context words.
     * Works on offsets into the text, so a candidate costs no copy until its digits must be
     * handed to libphonenumber.
     */
    private boolean valid(ScanText scanText, int start, int end, NumberVerdicts verdicts) {
        String s = scanText.text();
        int digits = 0;
        boolean separated = false;
        for (int i = start; i < end; i++) {
            char c = s.charAt(i);
            if (Chars.digit(c)) {
                digits++;
            } else if (!Chars.asciiLetter(c)) {
                separated = true;
            }
        }
        if (!separated && digits < MIN_BARE_DIGITS) {
            return false;
        }
        if (!PhoneShape.groupsPlausible(s, start, end) || PhoneShape.date(s, start, end)
                || Ipv4Detector.quadEnd(s, start, end) == end) {
            return false;
        }
        boolean international = s.charAt(start) == '+';
        int verdict = verdicts.get(s, start, end, international);
        if (verdict < 0) {
            String number = PhoneShape.mainDigits(s, start, end);
            boolean valid = international ? PhoneNumberCheck.validInternational(number) : check.validNational(number);
            verdicts.put(s, start, end, international, valid);
            verdict = valid ? 1 : 0;
        }
        if (verdict == 1) {
            return true;
        }
        return (separated || international) && labelled(scanText.lower(), start, end);
    }

    /**
     * True when a word such as "phone", "tel", "fax" or "call" stands just before the
     * candidate (or "office", "mobile", "fax" just after it): a number the text itself calls a
     * phone number is masked even when libphonenumber does not know its range, as with
     * made-up or newly allocated numbers.
     */
    static boolean labelled(String lower, int start, int end) {
        String before = lower.substring(Math.max(0, start - CONTEXT_BEFORE), start);
        String after = lower.substring(end, Math.min(lower.length(), end + CONTEXT_AFTER));
        for (String word : CONTEXT_WORDS) {
            if (containsWord(before, word) || containsWord(after, word)) {
                return true;
            }
        }
        return false;
    }

    private static boolean containsWord(String window, String word) {
        int i = window.indexOf(word);
        while (i >= 0) {
            int end = i + word.length();
            if ((i == 0 || !Chars.asciiLetter(window.charAt(i - 1)))
                    && (end == window.length() || !Chars.asciiLetter(window.charAt(end)))) {
                return true;
            }
            i = window.indexOf(word, i + 1);
        }
        return false;
    }
}
