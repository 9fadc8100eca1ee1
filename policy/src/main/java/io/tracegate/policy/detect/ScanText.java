package io.tracegate.policy.detect;

import java.text.Normalizer;
import java.util.Arrays;
import java.util.Locale;

/**
 * The text detectors look at: the original normalised for matching, with a map from every
 * normalised character back to the original characters it came from.
 *
 * <p>Normalisation applies NFKC (full-width letters and digits, ligatures, non-breaking
 * spaces), turns every Unicode decimal digit into its ASCII digit (NFKC leaves Arabic-Indic
 * and other script digits alone), and removes invisible format characters (zero-width
 * space and joiners, soft hyphen, byte order mark, bidirectional controls) and variation
 * selectors, which are the usual ways to hide a card number from a pattern. A finding found
 * at normalised offsets is mapped back so the rewrite replaces the original characters,
 * including any invisible ones inside it.
 *
 * <p>NFKC is applied per base character with its combining marks, not to the whole text, so
 * that every output character has a well-defined origin; for detection purposes this is the
 * same as whole-text NFKC. Plain ASCII text and text already in the normal form take a fast
 * path with no copy and no map.
 */
public final class ScanText {
    private final String original;
    private final String text;
    /** True when the text is pure ASCII: then {@link AsciiWords} scans it eight characters at a time. */
    private final boolean ascii;
    private byte[] asciiBytes;
    /** Original start offset of each normalised char, or null when the map is the identity. */
    private final int[] origStart;
    /** Original end offset (exclusive) of each normalised char, or null for the identity. */
    private final int[] origEnd;
    private String lower;
    /** Start and end of each maximal run of ASCII digits, interleaved; computed on first use. */
    private int[] digitRuns;
    private int digitRunCount = -1;
    /** ASCII characters present in a short text, one bit each; see {@link #mayContain}. */
    private long presentLow;
    private long presentHigh;
    private boolean presenceKnown;
    /** Positions covered by masked findings accepted so far in this scan; see {@link #claimed}. */
    private PositionSet claims;

    private ScanText(String original, String text, int[] origStart, int[] origEnd, boolean ascii) {
        this.original = original;
        this.text = text;
        this.ascii = ascii;
        this.origStart = origStart;
        this.origEnd = origEnd;
    }

    /** Normalises {@code original} for matching. Linear in its length. */
    public static ScanText of(String original) {
        if (ascii(original)) {
            return new ScanText(original, original, null, null, true);
        }
        if (normalForm(original)) {
            return new ScanText(original, original, null, null, false);
        }
        return normalise(original);
    }

    /** The original text. */
    public String original() {
        return original;
    }

    /** The normalised text detectors scan; offsets of detector results refer to it. */
    public String text() {
        return text;
    }

    public int length() {
        return text.length();
    }

    /** The normalised text lower-cased, same length and offsets (ASCII letters at least are lower case). */
    public String lower() {
        String l = lower;
        if (l == null) {
            l = ascii ? AsciiWords.lower(asciiBytes()) : asciiLower(text);
            lower = l;
        }
        return l;
    }

    /**
     * False only when the normalised text certainly does not contain the ASCII character
     * {@code c}; a search of the lower-cased view must ask for both cases of a letter. Known
     * exactly for short ASCII texts, such as the values of a JSON document, where it lets a
     * detector whose every match needs {@code c} return before any search; for longer texts
     * and texts with other characters it is always true, since there a search is cheap
     * against the text and nearly every character occurs anyway.
     */
    public boolean mayContain(char c) {
        if (!presenceKnown) {
            indexPresence();
        }
        return c < 64 ? (presentLow & 1L << c) != 0 : (presentHigh & 1L << (c - 64)) != 0;
    }

    /** {@link #mayContain} for any ASCII digit. */
    public boolean mayContainDigit() {
        if (!presenceKnown) {
            indexPresence();
        }
        return (presentLow & DIGITS) != 0;
    }

    private static final long DIGITS = 0x3FFL << '0';
    private static final int PRESENCE_LIMIT = 256;

    private void indexPresence() {
        presenceKnown = true;
        String s = text;
        if (s.length() > PRESENCE_LIMIT) {
            presentLow = -1L;
            presentHigh = -1L;
            return;
        }
        long low = 0;
        long high = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 64) {
                low |= 1L << c;
            } else if (c < 128) {
                high |= 1L << (c - 64);
            } else {
                low = -1L;
                high = -1L;
                break;
            }
        }
        presentLow = low;
        presentHigh = high;
    }

    /**
     * Number of maximal runs of ASCII digits in the normalised text. Numeric detectors walk
     * these runs instead of every character: one shared pass instead of one per detector.
     */
    public int digitRunCount() {
        if (digitRunCount < 0) {
            indexDigitRuns();
        }
        return digitRunCount;
    }

    /** Offset of the first digit of run {@code k}. */
    public int digitRunStart(int k) {
        return digitRuns[2 * k];
    }

    /** Offset just past the last digit of run {@code k}. */
    public int digitRunEnd(int k) {
        return digitRuns[2 * k + 1];
    }

    /** Index of the first digit run starting at or after {@code offset}, from {@code k} on. */
    public int nextDigitRun(int k, int offset) {
        int count = digitRunCount();
        while (k < count && digitRuns[2 * k] < offset) {
            k++;
        }
        return k;
    }

    private void indexDigitRuns() {
        String s = text;
        int n = s.length();
        // Room for a run every 16 characters (up to 512 runs), about what digit-heavy traces
        // hold, so the array seldom grows; it still doubles when needed.
        int[] runs = new int[Math.max(32, Math.min(1024, (n >>> 3) & ~1))];
        int count = 0;
        byte[] b = ascii ? asciiBytes() : null;
        int i = b != null ? AsciiWords.nextDigit(b, 0) : 0;
        while (i < n) {
            char c = s.charAt(i);
            if (c > '9' || c < '0') {
                i++;
                continue;
            }
            int start = i;
            do {
                i++;
            } while (i < n && s.charAt(i) <= '9' && s.charAt(i) >= '0');
            if (2 * count + 2 > runs.length) {
                runs = Arrays.copyOf(runs, runs.length * 2);
            }
            runs[2 * count] = start;
            runs[2 * count + 1] = i;
            count++;
            if (b != null) {
                i = AsciiWords.nextDigit(b, i);
            }
        }
        digitRuns = runs;
        digitRunCount = count;
    }

    private byte[] asciiBytes() {
        byte[] b = asciiBytes;
        if (b == null) {
            b = AsciiWords.bytes(text);
            asciiBytes = b;
        }
        return b;
    }

    /**
     * True when {@code [start, end)} overlaps a masked finding already accepted in this scan.
     * {@link DetectorSet} runs detectors from the most specific down, so a detector may skip
     * costly validation of a candidate that would lose the overlap anyway (a phone-shaped
     * run inside an accepted card number).
     */
    public boolean claimed(int start, int end) {
        return claims != null && claims.any(start, end);
    }

    void claim(int start, int end) {
        if (claims == null) {
            claims = new PositionSet(text.length());
        }
        claims.add(start, end);
    }

    /** Original offset where the normalised char at {@code index} starts. */
    public int originalStart(int index) {
        return origStart == null ? index : origStart[index];
    }

    /** Original offset (exclusive) where the normalised range ending before {@code end} ends. */
    public int originalEnd(int end) {
        if (origEnd == null) {
            return end;
        }
        return end == 0 ? 0 : origEnd[end - 1];
    }

    /** True when the normalised text is the original itself. */
    public boolean identity() {
        return origStart == null;
    }

    private static boolean ascii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /** True when a text with non-ASCII characters needs no normalisation either. */
    private static boolean normalForm(String s) {
        int n = s.length();
        for (int i = 0; i < n; ) {
            int cp = s.codePointAt(i);
            if (cp >= 0x80 && (removable(cp) || nonAsciiDigit(cp))) {
                return false;
            }
            i += Character.charCount(cp);
        }
        return Normalizer.isNormalized(s, Normalizer.Form.NFKC);
    }

    private static ScanText normalise(String s) {
        int n = s.length();
        StringBuilder out = new StringBuilder(n);
        int[] starts = new int[n + 8];
        int[] ends = new int[n + 8];
        int i = 0;
        while (i < n) {
            int cp = s.codePointAt(i);
            int next = i + Character.charCount(cp);
            if (removable(cp)) {
                i = next;
                continue;
            }
            if (nonAsciiDigit(cp)) {
                starts = grow(starts, out.length());
                ends = grow(ends, out.length());
                starts[out.length()] = i;
                ends[out.length()] = next;
                out.append((char) ('0' + Character.digit(cp, 10)));
                i = next;
                continue;
            }
            // One segment: this code point and the combining marks that follow it.
            int end = next;
            while (end < n) {
                int mark = s.codePointAt(end);
                if (!combining(mark) || removable(mark)) {
                    break;
                }
                end += Character.charCount(mark);
            }
            CharSequence piece;
            if (cp < 0x80 && end == next) {
                piece = s.subSequence(i, next);
            } else {
                piece = Normalizer.normalize(s.subSequence(i, end), Normalizer.Form.NFKC);
            }
            for (int k = 0; k < piece.length(); k++) {
                starts = grow(starts, out.length());
                ends = grow(ends, out.length());
                starts[out.length()] = i;
                ends[out.length()] = end;
                out.append(piece.charAt(k));
            }
            i = end;
        }
        return new ScanText(s, out.toString(), starts, ends, false);
    }

    private static int[] grow(int[] a, int index) {
        if (index < a.length) {
            return a;
        }
        int[] b = new int[a.length * 2];
        System.arraycopy(a, 0, b, 0, a.length);
        return b;
    }

    /** Invisible characters removed before matching. */
    static boolean removable(int cp) {
        return Character.getType(cp) == Character.FORMAT
                || (cp >= 0xFE00 && cp <= 0xFE0F)
                || (cp >= 0xE0100 && cp <= 0xE01EF);
    }

    private static boolean nonAsciiDigit(int cp) {
        return cp >= 0x80 && Character.getType(cp) == Character.DECIMAL_DIGIT_NUMBER;
    }

    private static boolean combining(int cp) {
        int type = Character.getType(cp);
        return type == Character.NON_SPACING_MARK
                || type == Character.COMBINING_SPACING_MARK
                || type == Character.ENCLOSING_MARK;
    }

    /**
     * Lower case with the same length as the input, so offsets stay valid. The JDK's
     * {@code toLowerCase} works on the compact byte form and is much faster than a char loop;
     * only where it changes the length (U+0130 becomes two chars) do we fall back to
     * lower-casing ASCII letters alone, which is all the keyword searches need.
     */
    private static String asciiLower(String s) {
        String lower = s.toLowerCase(Locale.ROOT);
        if (lower.length() == s.length()) {
            return lower;
        }
        char[] chars = s.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            char c = chars[i];
            if (c >= 'A' && c <= 'Z') {
                chars[i] = (char) (c + 32);
            }
        }
        return new String(chars);
    }

    @Override
    public String toString() {
        return "ScanText[length=" + original.length() + ", normalised=" + !identity() + "]";
    }
}
