package io.tracegate.it.masking;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The sensitive values the masking tests write, and what the test policy
 * ({@code it/policy-default.yaml}: credit_card partial, email hash with key {@code it-hash-key},
 * everything else redacted) must turn them into. The expected forms are written out here, not
 * computed with the gateway's own masker, so a test compares the gateway against the policy's
 * documented meaning rather than against itself.
 */
final class Pii {

    static final String CARD = "4111 1111 1111 1111";
    static final String CARD_MASKED = "**** **** **** 1111";
    static final String CARD_DASHED = "5555-5555-5555-4444";
    static final String CARD_DASHED_MASKED = "****-****-****-4444";
    static final String EMAIL = "jane.doe@example.com";
    static final String EMAIL_MASKED = "<EMAIL:" + hmacPrefix("jane.doe@example.com") + ">";
    /** The policy's custom detector {@code employee_id} ({@code EMP-[0-9]{6}}), redacted. */
    static final String EMPLOYEE = "EMP-004211";
    static final String EMPLOYEE_MASKED = "<EMPLOYEE_ID>";
    /** Sensitive only by where it sits: the value of a {@code password} key in a JSON payload. */
    static final String PASSWORD = "hunter2";

    /** Every raw value a test may write, in the spellings a leak could take. */
    static final List<String> RAW = List.of(CARD, CARD.replace(" ", ""), CARD_DASHED, CARD_DASHED.replace("-", ""),
            EMAIL, EMPLOYEE, PASSWORD);

    private static final String HASH_KEY = "it-hash-key";

    private Pii() {
    }

    /**
     * A reasoning-trace line carrying a card number, an e-mail address and an employee id between
     * ordinary text (with non-ASCII characters, so a re-encoding would show), tagged to tell rows apart.
     */
    static String trace(String tag) {
        return "[" + tag + "] charged card " + CARD + " for " + EMAIL + " (ticket " + EMPLOYEE
                + "); déjà vu — 東京 ok";
    }

    /** {@link #trace} as the database must hold it: only the three values replaced. */
    static String maskedTrace(String tag) {
        return "[" + tag + "] charged card " + CARD_MASKED + " for " + EMAIL_MASKED + " (ticket " + EMPLOYEE_MASKED
                + "); déjà vu — 東京 ok";
    }

    /** A JSON payload with sensitive values in a string, a nested object, a sensitive key and an array. */
    static String payload(String tag) {
        return "{\"tag\": \"" + tag + "\", \"step\": 3, \"note\": \"paid with " + CARD_DASHED + "\", "
                + "\"contact\": {\"email\": \"" + EMAIL + "\"}, \"password\": \"" + PASSWORD + "\", "
                + "\"tags\": [\"déjà\", \"" + EMPLOYEE + "\"], \"ok\": true}";
    }

    /** {@link #payload} masked: same structure, values under a sensitive key replaced whole. */
    static String maskedPayload(String tag) {
        return "{\"tag\": \"" + tag + "\", \"step\": 3, \"note\": \"paid with " + CARD_DASHED_MASKED + "\", "
                + "\"contact\": {\"email\": \"" + EMAIL_MASKED + "\"}, \"password\": \"<GENERIC_SECRET>\", "
                + "\"tags\": [\"déjà\", \"" + EMPLOYEE_MASKED + "\"], \"ok\": true}";
    }

    /** The keyed-hash token of the policy's hash strategy: HMAC-SHA-256, first 8 hex digits, of the canonical value. */
    static String hmacPrefix(String value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(HASH_KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal(value.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
