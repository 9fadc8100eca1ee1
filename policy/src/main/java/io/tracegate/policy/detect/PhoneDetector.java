package io.tracegate.policy.detect;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.List;

/**
 * Telephone numbers: candidates found by a hand-written scanner, each validated by
 * libphonenumber ({@link PhoneNumberUtil#isValidNumber}) as an international number when it
 * starts with {@code +}, otherwise as a national number of one of {@link #REGIONS}.
 *
 * <p>libphonenumber's own {@code findNumbers} is not used: it runs {@code java.util.regex}
 * over the whole text. Here the regexes inside {@code parse} only ever see one candidate of
 * at most {@value #MAX_CANDIDATE} characters, so the scan stays linear.
 *
 * <p>A candidate is digits with single separators (space, dash, dot, slash, parentheses,
 * at most two in a row), optionally a leading {@code +}, and an optional extension
 * ({@code x123}, {@code ext. 123}). It needs 7 to 15 digits; a run of bare digits with no
 * separator and no {@code +} needs 10, since shorter bare numbers in traces are counts, ids
 * and durations far more often than phone numbers. Dates ({@code 2024-01-31},
 * {@code 31.01.2024}) and dotted quads are not candidates.
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
            "US", "GB", "DE", "FR", "IT", "NL", "AT", "CH", "IE", "IN", "AU", "ZA", "BR", "JP");
    private final List<String> regions;

    PhoneDetector() {
        this(REGIONS);
    }

    PhoneDetector(List<String> regions) {
        this.regions = List.copyOf(regions);
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
    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

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
        String s = scanText.text();
        int n = s.length();
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            boolean startChar = Chars.digit(c) || ((c == '+' || c == '(') && i + 1 < n && Chars.digit(s.charAt(i + 1)));
            if (!startChar || !Chars.boundaryBefore(s, i) || Chars.joinedBefore(s, i, "._/-:")
                    || (i > 0 && (s.charAt(i - 1) == '+' || s.charAt(i - 1) == '('))) {
                i++;
                while (i < n && Chars.digit(s.charAt(i)) && Chars.digit(s.charAt(i - 1))) {
                    i++;
                }
                continue;
            }
            int end = candidateEnd(scanText, i);
            if (end > 0) {
                sink.found(i, end);
                i = end;
            } else {
                i = Math.max(i + 1, skipDigits(s, i));
            }
        }
    }

    private static int skipDigits(String s, int i) {
        while (i < s.length() && (Chars.digit(s.charAt(i)) || s.charAt(i) == '+' || s.charAt(i) == '(')) {
            i++;
        }
        return i;
    }

    /**
     * End of a valid phone number starting at {@code start}, or -1. The longest phone-shaped
     * run is tried first, then the same run cut at earlier spaces, since a number is often
     * followed by more digits ("call 555-123-4567 2 times").
     */
    private int candidateEnd(ScanText scanText, int start) {
        String s = scanText.text();
        int n = s.length();
        int p = start;
        if (s.charAt(p) == '+') {
            p++;
        }
        int digits = 0;
        int separatorsInRow = 0;
        int open = 0;
        int[] ends = new int[MAX_CANDIDATE];
        int[] digitsAt = new int[MAX_CANDIDATE];
        int count = 0;
        while (p < n && p - start < MAX_CANDIDATE) {
            char c = s.charAt(p);
            if (Chars.digit(c)) {
                digits++;
                separatorsInRow = 0;
                if (p + 1 >= n || !Chars.digit(s.charAt(p + 1))) {
                    ends[count] = p + 1;
                    digitsAt[count++] = digits;
                }
            } else if (c == ' ' || c == '-' || c == '.' || c == '/' || c == '(' || c == ')') {
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
        int tries = 0;
        for (int k = count - 1; k >= 0 && tries < 4; k--) {
            if (digitsAt[k] < MIN_DIGITS) {
                break;
            }
            boolean whole = k == count - 1;
            if (digitsAt[k] > MAX_DIGITS || (!whole && s.charAt(ends[k]) != ' ')) {
                continue;
            }
            tries++;
            int end = ends[k];
            if (whole) {
                int ext = extensionEnd(s, end);
                if (ext > 0) {
                    end = ext;
                }
            }
            if (Chars.boundaryAfter(s, end) && !continuedByDigits(s, end) && valid(scanText, start, end)) {
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

    private boolean valid(ScanText scanText, int start, int end) {
        String candidate = scanText.text().substring(start, end);
        int digits = 0;
        boolean separated = false;
        for (int i = 0; i < candidate.length(); i++) {
            char c = candidate.charAt(i);
            if (Chars.digit(c)) {
                digits++;
            } else if (!Chars.asciiLetter(c)) {
                separated = true;
            }
        }
        if (!separated && digits < MIN_BARE_DIGITS) {
            return false;
        }
        if (!groupsPlausible(candidate) || date(candidate) || Ipv4Detector.quadEnd(candidate, 0) == candidate.length()) {
            return false;
        }
        if (candidate.charAt(0) == '+' ? validIn(candidate, "ZZ") : validInAnyRegion(candidate)) {
            return true;
        }
        return (separated || candidate.charAt(0) == '+') && labelled(scanText.lower(), start, end);
    }

    /**
     * Phone numbers are written in groups of two or more digits; a one-digit group occurs
     * only near the start (a country code, trunk or area digit: "+1 ...", "1-800-...",
     * "+33 1 42 ...", "+46 (0)8 ...") or in parentheses ("(0)"). This rejects lists like
     * "1 2 3 4 5 6 7" before any parsing.
     */
    static boolean groupsPlausible(String candidate) {
        int singleAllowed = candidate.charAt(0) == '+' ? 3 : 1;
        int groupStart = -1;
        int groupIndex = 0;
        for (int i = 0; i <= candidate.length(); i++) {
            boolean digit = i < candidate.length() && Chars.digit(candidate.charAt(i));
            if (digit && groupStart < 0) {
                groupStart = i;
            } else if (!digit && groupStart >= 0) {
                boolean parenthesised = groupStart > 0 && candidate.charAt(groupStart - 1) == '('
                        && i < candidate.length() && candidate.charAt(i) == ')';
                if (i - groupStart == 1 && groupIndex >= singleAllowed && !parenthesised) {
                    return false;
                }
                groupIndex++;
                groupStart = -1;
            }
        }
        return true;
    }

    private boolean validInAnyRegion(String candidate) {
        for (String region : regions) {
            if (validIn(candidate, region)) {
                return true;
            }
        }
        return false;
    }

    private static boolean validIn(String candidate, String region) {
        try {
            if (!region.equals("ZZ") && !trunkPrefixOk(candidate, region)) {
                return false;
            }
            PhoneNumber number = UTIL.parse(candidate, region);
            return UTIL.isValidNumber(number);
        } catch (NumberParseException notANumber) {
            return false;
        }
    }

    /**
     * Where a country writes national numbers with a trunk prefix (0 in most of Europe,
     * India, Australia), a national number written without it is not how anyone there
     * writes a phone number, and libphonenumber would otherwise accept almost any digit
     * string for countries with variable-length plans. NANP numbers are written without
     * their trunk prefix 1, so US and Canada are exempt.
     */
    private static boolean trunkPrefixOk(String candidate, String region) {
        String trunk = UTIL.getNddPrefixForRegion(region, true);
        if (trunk == null || trunk.isEmpty() || UTIL.getCountryCodeForRegion(region) == 1) {
            return true;
        }
        int i = 0;
        while (i < candidate.length() && !Chars.digit(candidate.charAt(i))) {
            i++;
        }
        return candidate.startsWith(trunk, i) || candidate.startsWith("00", i);
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

    /** Three digit groups with one kind of separator, one group a year: a date, not a phone. */
    static boolean date(String c) {
        int[] lengths = new int[4];
        int groups = 0;
        char sep = 0;
        int len = 0;
        for (int i = 0; i < c.length(); i++) {
            char ch = c.charAt(i);
            if (Chars.digit(ch)) {
                len++;
                continue;
            }
            if (ch != '-' && ch != '/' && ch != '.' || (sep != 0 && ch != sep) || groups == 3) {
                return false;
            }
            sep = ch;
            lengths[groups++] = len;
            len = 0;
        }
        lengths[groups++] = len;
        if (groups != 3) {
            return false;
        }
        boolean yearFirst = lengths[0] == 4 && lengths[1] <= 2 && lengths[2] <= 2;
        boolean yearLast = lengths[2] == 4 && lengths[0] <= 2 && lengths[1] <= 2;
        return yearFirst || yearLast;
    }
}
