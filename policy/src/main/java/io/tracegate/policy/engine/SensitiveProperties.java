package io.tracegate.policy.engine;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.tracegate.policy.ColumnKind;
import io.tracegate.policy.mask.MalformedJsonException;
import io.tracegate.policy.mask.MaskedValue;
import io.tracegate.policy.mask.ValueMasker;
import io.tracegate.policy.sql.JsonKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Masks what JSON builders place under property names exactly as {@link ValueMasker#maskJson}
 * masks a property's value in a JSON document: whole, as a {@code generic_secret}, under a sensitive
 * name ({@code password}, {@code api_key}, ...), and by detectors otherwise.
 *
 * <p>Both questions are put to the JSON masker itself, with small documents built for the purpose:
 * whether a name is sensitive is whether {@code {"name":0}} gets one more {@code generic_secret}
 * than the name alone carries; a secret value is masked as the value of a sensitive property. The
 * masker's list of names and its rules for secrets (empty strings kept, numbers replaced by a
 * string) thereby stay in one place. Thread-safe.
 */
final class SensitiveProperties {
    private static final String SECRET_TYPE = "generic_secret";
    /** A property the JSON masker treats as secret (checked when the engine is built). */
    private static final String SECRET_NAME = "password";
    /** Names asked about stay cached up to this many; agents use few distinct names. */
    private static final int CACHE_LIMIT = 4096;
    private static final JsonFactory FACTORY = new JsonFactory();

    private final ValueMasker masker;
    private final Map<String, Boolean> sensitive = new ConcurrentHashMap<>();
    /** Findings the wrapper's own name adds (none, unless a custom detector matches it). */
    private final Map<String, Integer> wrapperFindings;

    SensitiveProperties(ValueMasker masker) {
        this.masker = masker;
        this.wrapperFindings = masker.maskText(SECRET_NAME).findingCounts();
        if (!sensitive(SECRET_NAME)) {
            throw new IllegalStateException("the JSON masker no longer masks the value of \"" + SECRET_NAME + "\"");
        }
    }

    /** Whether the JSON masker masks whole any value under a property called {@code name}. */
    boolean sensitive(String name) {
        Boolean known = sensitive.get(name);
        if (known != null) {
            return known;
        }
        int ofName = masker.maskText(name).findingCounts().getOrDefault(SECRET_TYPE, 0);
        int withValue;
        try {
            withValue = masker.maskJson("{" + jsonString(name) + ":0}").findingCounts().getOrDefault(SECRET_TYPE, 0);
        } catch (MalformedJsonException e) {
            throw new IllegalStateException("a one-property JSON document was refused", e);
        }
        boolean answer = withValue > ofName;
        if (sensitive.size() >= CACHE_LIMIT) {
            sensitive.clear();
        }
        sensitive.put(name, answer);
        return answer;
    }

    /**
     * Whether a value put under {@code keys} (outermost first) is a secret: some name on the path is
     * sensitive, cannot be read (computed, or a path constant that is not a plain text array), or is
     * a parameter and {@code parameterIsSecret} (its value is not known yet).
     */
    boolean secretUnder(List<JsonKey> keys, boolean parameterIsSecret) {
        for (JsonKey key : keys) {
            if (key instanceof JsonKey.Constant constant) {
                if (sensitive(constant.token().value())) {
                    return true;
                }
            } else if (key instanceof JsonKey.Path path) {
                if (pathHasSecretName(path)) {
                    return true;
                }
            } else if (key instanceof JsonKey.Parameter) {
                if (parameterIsSecret) {
                    return true;
                }
            } else {
                return true; // computed
            }
        }
        return false;
    }

    /** A path constant such as {@code '{auth,token}'}; one the gateway cannot read counts as secret. */
    private boolean pathHasSecretName(JsonKey.Path path) {
        Optional<List<String>> names = path.names();
        if (names.isEmpty()) {
            return true;
        }
        for (String name : names.get()) {
            if (name == null || sensitive(name)) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code value} masked as the value of a sensitive property: text (or a number) whole, a JSON
     * document ({@code kind} JSON) in every scalar it holds.
     *
     * @throws MalformedJsonException when {@code kind} is JSON and {@code value} is not one JSON value
     */
    MaskedValue maskSecret(String value, ColumnKind kind) throws MalformedJsonException {
        boolean json = kind == ColumnKind.JSON;
        String document = "{\"" + SECRET_NAME + "\":" + (json ? value : jsonString(value)) + "}";
        MaskedValue masked;
        try {
            masked = masker.maskJson(document);
        } catch (MalformedJsonException e) {
            masker.maskJson(value); // throws with the position in the value itself
            throw e;
        }
        Map<String, Integer> findings = new TreeMap<>(masked.findingCounts());
        wrapperFindings.forEach((type, count) -> findings.merge(type, -count, Integer::sum));
        findings.values().removeIf(count -> count <= 0);
        if (!masked.changed()) {
            return new MaskedValue(value, false, findings);
        }
        String out = masked.value();
        String inner = out.substring(afterName(out) + 1, out.length() - 1);
        String result = json ? inner : decodeString(inner);
        return result.equals(value) ? new MaskedValue(value, false, findings) : new MaskedValue(result, true, findings);
    }

    private static String jsonString(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        JsonStringEncoder.getInstance().quoteAsString(text, out);
        return out.append('"').toString();
    }

    /** In {@code {"name":...}}, the offset of the colon after the (possibly rewritten) name. */
    private static int afterName(String document) {
        int i = 2; // past {"
        while (document.charAt(i) != '"') {
            i += document.charAt(i) == '\\' ? 2 : 1;
        }
        return i + 1;
    }

    private static String decodeString(String jsonString) {
        try (JsonParser parser = FACTORY.createParser(jsonString)) {
            if (parser.nextToken() != JsonToken.VALUE_STRING) {
                throw new IllegalStateException("the JSON masker turned a string into another value");
            }
            return parser.getText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
