package io.tracegate.protocol.auth;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;

/**
 * Password normalisation for SCRAM the way PostgreSQL does it ({@code pg_saslprep} in
 * {@code src/common/saslprep.c}, applied by both the server and libpq).
 *
 * <p>What is implemented, in PostgreSQL's order:
 * <ol>
 *   <li>A pure ASCII password is used as it is, even if it holds control characters that
 *       SASLprep would prohibit (PostgreSQL's shortcut, which RFC 4013 does not have).</li>
 *   <li>Map: non-ASCII spaces (RFC 3454 table C.1.2) become U+0020, characters "commonly mapped
 *       to nothing" (table B.1) are removed. An empty result is prohibited.</li>
 *   <li>Normalise with Unicode NFKC ({@link Normalizer}, the JDK's Unicode version; PostgreSQL
 *       uses its own, also newer than 3.2; they agree on the code points assigned in Unicode 3.2,
 *       and step 4 prohibits all others).</li>
 *   <li>Prohibit: RFC 4013's prohibited output (C.1.2, C.2.1, C.2.2, C.3-C.9) and code points
 *       unassigned in Unicode 3.2 (table A.1).</li>
 *   <li>Bidi: if any character is RandALCat (D.1), none may be LCat (D.2) and the first and
 *       last must be RandALCat.</li>
 * </ol>
 * Like PostgreSQL, and unlike RFC 4013, steps 4 and 5 look at the mapped string before NFKC,
 * not at its output: {@code "a\u0340"} is prohibited although its NFKC form {@code "\u00e0"}
 * is not. Verifiers made by libpq for such passwords are in the tests.
 *
 * When any step prohibits the password, PostgreSQL does not fail: it falls back to the raw
 * bytes of the password as given. So does this class, with the UTF-8 bytes of the string. A
 * string with an unpaired surrogate stands for the invalid UTF-8 PostgreSQL would also take
 * raw; Java can only encode it with {@code '?'} in its place.
 */
final class SaslPrep {

    private SaslPrep() {
    }

    /** The bytes to feed to {@code Hi()}: the SASLprep'ed password in UTF-8, or the raw bytes. */
    static byte[] normalize(String password) {
        String prepared = isAscii(password) ? password : prepare(password);
        return (prepared != null ? prepared : password).getBytes(StandardCharsets.UTF_8);
    }

    /** The prepared string, or {@code null} when SASLprep prohibits it. */
    static String prepare(String password) {
        StringBuilder mapped = new StringBuilder(password.length());
        password.codePoints().forEach(cp -> {
            if (SaslPrepTables.contains(SaslPrepTables.NON_ASCII_SPACE, cp)) {
                mapped.append(' ');
            } else if (!SaslPrepTables.contains(SaslPrepTables.MAPPED_TO_NOTHING, cp)) {
                mapped.appendCodePoint(cp);
            }
        });
        if (mapped.length() == 0) {
            return null;
        }
        // PostgreSQL checks the mapped code points, not the normalised ones (see above).
        int[] cps = mapped.codePoints().toArray();
        boolean randAl = false;
        for (int cp : cps) {
            if (SaslPrepTables.contains(SaslPrepTables.PROHIBITED_OUTPUT, cp)
                    || SaslPrepTables.contains(SaslPrepTables.UNASSIGNED, cp)) {
                return null;
            }
            randAl |= SaslPrepTables.contains(SaslPrepTables.RAND_AL_CAT, cp);
        }
        if (randAl && !bidiAcceptable(cps)) {
            return null;
        }
        return Normalizer.normalize(mapped, Normalizer.Form.NFKC);
    }

    private static boolean bidiAcceptable(int[] cps) {
        for (int cp : cps) {
            if (SaslPrepTables.contains(SaslPrepTables.L_CAT, cp)) {
                return false;
            }
        }
        return SaslPrepTables.contains(SaslPrepTables.RAND_AL_CAT, cps[0])
                && SaslPrepTables.contains(SaslPrepTables.RAND_AL_CAT, cps[cps.length - 1]);
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }
}
