package io.tracegate.policy.mask;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.tracegate.policy.detect.Finding;
import io.tracegate.policy.detect.ScanResult;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Masks inside a JSON document without re-printing it: Jackson's streaming parser validates
 * the document and gives each token's offset, and only the tokens that change are replaced
 * in a copy of the original text. See {@link ValueMasker#maskJson(String)} for the rules.
 */
final class JsonMasker {
    /** Type under which values of sensitive property names are masked and counted. */
    static final String SECRET_TYPE = "generic_secret";
    private static final JsonFactory FACTORY = new JsonFactory();

    private final ValueMasker owner;

    JsonMasker(ValueMasker owner) {
        this.owner = owner;
    }

    MaskedValue mask(String json) throws MalformedJsonException {
        Edits edits = new Edits(json, new ReplacementMemo(owner.masker()));
        // Per open container: whether it is an object, and whether it sits under a sensitive name.
        boolean[] isObject = new boolean[16];
        boolean[] sensitive = new boolean[16];
        int depth = 0;
        boolean pendingSensitive = false;
        try (JsonParser p = FACTORY.createParser(json)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                throw new MalformedJsonException("empty JSON document", 0, 0);
            }
            while (true) {
                boolean valueSensitive = depth > 0 && (isObject[depth - 1] ? pendingSensitive : sensitive[depth - 1]);
                switch (t) {
                    case START_OBJECT:
                    case START_ARRAY:
                        if (depth == isObject.length) {
                            isObject = Arrays.copyOf(isObject, depth * 2);
                            sensitive = Arrays.copyOf(sensitive, depth * 2);
                        }
                        isObject[depth] = t == JsonToken.START_OBJECT;
                        sensitive[depth] = valueSensitive;
                        depth++;
                        break;
                    case END_OBJECT:
                    case END_ARRAY:
                        depth--;
                        break;
                    case FIELD_NAME:
                        String name = p.currentName();
                        pendingSensitive = sensitive[depth - 1] || SensitiveKeys.sensitive(name);
                        maskString(p, json, name, false, edits);
                        break;
                    case VALUE_STRING:
                        maskString(p, json, p.getText(), valueSensitive, edits);
                        break;
                    case VALUE_NUMBER_INT:
                    case VALUE_NUMBER_FLOAT:
                        maskNumber(p, p.getText(), valueSensitive, edits);
                        break;
                    default:
                        break; // true, false, null: nothing to hide
                }
                if (depth == 0) {
                    break;
                }
                t = p.nextToken();
            }
            if (p.nextToken() != null) {
                JsonLocation at = p.currentTokenLocation();
                throw new MalformedJsonException("more than one JSON value", at.getLineNr(), at.getColumnNr());
            }
        } catch (JsonProcessingException e) {
            // Jackson's own message quotes the offending text, which may be the secret itself.
            JsonLocation at = e.getLocation();
            throw new MalformedJsonException("malformed JSON", at == null ? 0 : at.getLineNr(), at == null ? 0 : at.getColumnNr());
        } catch (IOException e) {
            throw new MalformedJsonException("unreadable JSON", 0, 0);
        }
        return edits.result();
    }

    private void maskString(JsonParser p, String json, String decoded, boolean sensitive, Edits edits) {
        int start = (int) p.currentTokenLocation().getCharOffset();
        int end = closingQuote(json, start) + 1;
        if (sensitive) {
            if (!decoded.isEmpty()) {
                edits.replace(start, end, edits.replacements.replacement(SECRET_TYPE, decoded));
                edits.count(SECRET_TYPE, 1);
            }
            return;
        }
        ScanResult scan = owner.detectors().scanDetailed(decoded);
        edits.countAll(scan);
        if (!scan.masked().isEmpty()) {
            edits.replace(start, end, owner.rewrite(decoded, scan, edits.replacements));
        }
    }

    private void maskNumber(JsonParser p, String text, boolean sensitive, Edits edits) {
        int start = (int) p.currentTokenLocation().getCharOffset();
        int end = start + text.length();
        if (sensitive) {
            edits.replace(start, end, edits.replacements.replacement(SECRET_TYPE, text));
            edits.count(SECRET_TYPE, 1);
            return;
        }
        ScanResult scan = owner.detectors().scanDetailed(text);
        for (Finding f : scan.masked()) {
            if (f.start() == 0 && f.end() == text.length()) {
                edits.replace(start, end, edits.replacements.replacement(f.type(), text));
                edits.count(f.type(), 1);
            }
        }
    }

    /** Offset of the quote that closes the string whose opening quote is at {@code open}. */
    private static int closingQuote(String json, int open) {
        int i = open + 1;
        while (true) {
            char c = json.charAt(i);
            if (c == '"') {
                return i;
            }
            i += c == '\\' ? 2 : 1;
        }
    }

    /**
     * The original text with replacements spliced in, in document order, and the findings
     * counted on the way. One replacement memo serves the whole document: a value repeated
     * in several strings is hashed once.
     */
    private static final class Edits {
        private final String original;
        final ReplacementMemo replacements;
        private StringBuilder out;
        private int copied;
        private final Map<String, Integer> counts = new HashMap<>();

        Edits(String original, ReplacementMemo replacements) {
            this.original = original;
            this.replacements = replacements;
        }

        void replace(int start, int end, String unquoted) {
            if (out == null) {
                out = new StringBuilder(original.length() + 32);
            }
            out.append(original, copied, start).append('"');
            JsonStringEncoder.getInstance().quoteAsString(unquoted, out);
            out.append('"');
            copied = end;
        }

        void count(String type, int n) {
            counts.merge(type, n, Integer::sum);
        }

        void countAll(ScanResult scan) {
            for (Finding f : scan.masked()) {
                count(f.type(), 1);
            }
            for (Finding f : scan.signals()) {
                count(f.type(), 1);
            }
        }

        MaskedValue result() {
            if (out == null) {
                return new MaskedValue(original, false, counts);
            }
            out.append(original, copied, original.length());
            return new MaskedValue(out.toString(), true, counts);
        }
    }
}
