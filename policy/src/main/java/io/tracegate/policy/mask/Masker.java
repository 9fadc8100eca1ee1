package io.tracegate.policy.mask;

import io.tracegate.policy.MaskStrategy;
import io.tracegate.policy.detect.ScanText;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Turns one sensitive value into its replacement, by the strategy the policy gives its type.
 *
 * <ul>
 *   <li>{@link MaskStrategy#REDACT}: {@code <CREDIT_CARD>}, the type upper-cased.
 *   <li>{@link MaskStrategy#PARTIAL}: letters and digits become {@code *} except the last four
 *       ({@code ************1111}); formatting characters (whitespace and {@code - . ( ) / @ +})
 *       are kept so {@code 4111-1111-1111-1111} reads {@code ****-****-****-1111}; invisible
 *       format characters are dropped. A value with fewer than eight letters and digits keeps
 *       only half of them, so short secrets are never shown whole.
 *   <li>{@link MaskStrategy#HASH}: {@code <EMAIL:1a2b3c4d>}, the first eight hex digits of
 *       HMAC-SHA-256 under the policy's key of the value's canonical form: normalised as
 *       for detection, then for card numbers, SSNs and IBANs only letters and digits in upper
 *       case, for phone numbers only digits (and a leading {@code +}), e-mail addresses and
 *       IPv6 addresses in lower case. Equal values give equal tokens however they were
 *       written, so joins on masked columns keep working.
 * </ul>
 *
 * <p>Thread-safe. Neither the key nor any value appears in {@link #toString()} or in an
 * exception message.
 */
public final class Masker {
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final int PARTIAL_KEEP = 4;
    private static final String KEPT_SEPARATORS = "-.()/@+";

    private final MaskStrategy defaultStrategy;
    private final Map<String, MaskStrategy> byType;
    private final ThreadLocal<Mac> mac;
    /** What each type name resolves to; types are few (built-ins and the policy's custom names). */
    private final ConcurrentHashMap<String, TypeRule> rules = new ConcurrentHashMap<>();

    /**
     * A type's strategy and label, resolved once instead of lower- and upper-casing the type
     * name for every value; {@code redacted} is the whole {@code <LABEL>} token.
     */
    private record TypeRule(MaskStrategy strategy, String label, String redacted) {
    }

    /**
     * @param defaultStrategy strategy for types not in {@code byType}
     * @param byType          strategy per detector type name (case-insensitive)
     * @param hashKey         HMAC key; required (non-empty) when any strategy is HASH
     */
    public Masker(MaskStrategy defaultStrategy, Map<String, MaskStrategy> byType, byte[] hashKey) {
        this.defaultStrategy = Objects.requireNonNull(defaultStrategy, "defaultStrategy");
        Map<String, MaskStrategy> copy = new HashMap<>();
        byType.forEach((type, strategy) -> copy.put(type.toLowerCase(Locale.ROOT), Objects.requireNonNull(strategy, type)));
        this.byType = Map.copyOf(copy);
        boolean hashing = defaultStrategy == MaskStrategy.HASH || copy.containsValue(MaskStrategy.HASH);
        if (hashing && (hashKey == null || hashKey.length == 0)) {
            throw new IllegalArgumentException("the hash strategy needs a non-empty hash key");
        }
        if (hashKey == null || hashKey.length == 0) {
            this.mac = null;
        } else {
            SecretKeySpec key = new SecretKeySpec(hashKey.clone(), "HmacSHA256");
            this.mac = ThreadLocal.withInitial(() -> newMac(key));
        }
    }

    private static Mac newMac(SecretKeySpec key) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(key);
            return m;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    public MaskStrategy strategyFor(String type) {
        return rule(type).strategy();
    }

    /** The text that replaces {@code originalValue}, a finding of {@code type}. */
    public String replacement(String type, String originalValue) {
        TypeRule rule = rule(type);
        switch (rule.strategy()) {
            case PARTIAL:
                return partial(originalValue);
            case HASH:
                return "<" + rule.label() + ":" + hash(type, originalValue) + ">";
            case REDACT:
            default:
                return rule.redacted();
        }
    }

    /**
     * The replacement of every value of {@code type} when it does not depend on the value
     * (redaction), else null: the caller need not even copy the value out of its text.
     */
    String fixedReplacement(String type) {
        TypeRule rule = rule(type);
        return rule.strategy() == MaskStrategy.REDACT ? rule.redacted() : null;
    }

    private TypeRule rule(String type) {
        TypeRule rule = rules.get(type);
        if (rule == null) {
            rule = rules.computeIfAbsent(type, t -> {
                String label = t.toUpperCase(Locale.ROOT);
                return new TypeRule(byType.getOrDefault(t.toLowerCase(Locale.ROOT), defaultStrategy), label, "<" + label + ">");
            });
        }
        return rule;
    }

    static String partial(String value) {
        int significant = 0;
        for (int i = 0; i < value.length(); ) {
            int cp = value.codePointAt(i);
            if (Character.isLetterOrDigit(cp)) {
                significant++;
            }
            i += Character.charCount(cp);
        }
        int keep = Math.min(PARTIAL_KEEP, significant / 2);
        StringBuilder out = new StringBuilder(value.length());
        int seen = 0;
        for (int i = 0; i < value.length(); ) {
            int cp = value.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.isLetterOrDigit(cp)) {
                seen++;
                if (seen > significant - keep) {
                    out.appendCodePoint(cp);
                } else {
                    out.append('*');
                }
            } else if (Character.getType(cp) == Character.FORMAT) {
                continue;
            } else if (Character.isWhitespace(cp) || (cp < 0x80 && KEPT_SEPARATORS.indexOf(cp) >= 0)) {
                out.appendCodePoint(cp);
            } else {
                out.append('*');
            }
        }
        return out.toString();
    }

    private String hash(String type, String value) {
        byte[] digest = mac.get().doFinal(canonical(type, value).getBytes(StandardCharsets.UTF_8));
        char[] hex = new char[8];
        for (int i = 0; i < 4; i++) {
            hex[2 * i] = HEX[(digest[i] >> 4) & 0xF];
            hex[2 * i + 1] = HEX[digest[i] & 0xF];
        }
        return new String(hex);
    }

    /** The form of a value that is hashed: equal values written differently hash equal. */
    static String canonical(String type, String value) {
        String normalised = ScanText.of(value).text();
        switch (type.toLowerCase(Locale.ROOT)) {
            case "credit_card":
            case "us_ssn":
            case "iban":
                return alnumUpper(normalised);
            case "phone":
                StringBuilder digits = new StringBuilder(normalised.strip().startsWith("+") ? "+" : "");
                normalised.chars().filter(c -> c >= '0' && c <= '9').forEach(c -> digits.append((char) c));
                return digits.toString();
            case "email":
            case "ipv6":
                return normalised.toLowerCase(Locale.ROOT);
            default:
                return normalised;
        }
    }

    private static String alnumUpper(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                out.append(Character.toUpperCase(c));
            }
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return "Masker[default=" + defaultStrategy + ", byType=" + byType + ", hashKey=" + (mac == null ? "none" : "set") + "]";
    }
}
