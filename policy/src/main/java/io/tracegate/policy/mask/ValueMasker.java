package io.tracegate.policy.mask;

import io.tracegate.policy.ColumnKind;
import io.tracegate.policy.detect.DetectorSet;
import io.tracegate.policy.detect.Finding;
import io.tracegate.policy.detect.ScanResult;
import java.util.Objects;

/**
 * Masks the values written into protected columns: finds sensitive values with a
 * {@link DetectorSet} and rewrites each in place with a {@link Masker}; everything else is
 * left character for character as it was. Thread-safe.
 */
public final class ValueMasker {
    private final DetectorSet detectors;
    private final Masker masker;
    private final JsonMasker json;

    public ValueMasker(DetectorSet detectors, Masker masker) {
        this.detectors = Objects.requireNonNull(detectors, "detectors");
        this.masker = Objects.requireNonNull(masker, "masker");
        this.json = new JsonMasker(this);
    }

    /** Masks a value of a column of the given kind. */
    public MaskedValue mask(String value, ColumnKind kind) throws MalformedJsonException {
        return kind == ColumnKind.JSON ? maskJson(value) : maskText(value);
    }

    /** Replaces every masked finding in {@code text}; signals are counted, not rewritten. */
    public MaskedValue maskText(String text) {
        ScanResult scan = detectors.scanDetailed(text);
        if (scan.masked().isEmpty()) {
            return new MaskedValue(text, false, scan.counts());
        }
        return new MaskedValue(rewrite(text, scan, new ReplacementMemo(masker)), true, scan.counts());
    }

    /** {@code text} with every masked finding of {@code scan} (a scan of it) replaced. */
    String rewrite(String text, ScanResult scan, ReplacementMemo replacements) {
        StringBuilder out = new StringBuilder(text.length() + 16 * scan.masked().size());
        int last = 0;
        for (Finding f : scan.masked()) {
            out.append(text, last, f.start());
            out.append(replacements.replacement(f.type(), text, f.start(), f.end()));
            last = f.end();
        }
        out.append(text, last, text.length());
        return out.toString();
    }

    /**
     * Masks a JSON document in place: detectors run over every string (property names
     * included, since maps keyed by e-mail address are common), and every scalar under a
     * sensitive property name ({@code password}, {@code api_key}, {@code token}, ...; see
     * {@link SensitiveKeys}) is replaced whole, as a {@code generic_secret}. Numbers and
     * literals are kept verbatim, except a number that is itself a sensitive value (a card
     * number written as a JSON number) or sits under a sensitive name: it becomes a string
     * holding its replacement. Whitespace, key order, escapes of untouched strings and the
     * top-level type are kept; only changed strings are re-encoded.
     *
     * @throws MalformedJsonException when the text is not exactly one valid JSON value (or
     *                                exceeds the parser's nesting and size limits); the caller
     *                                must refuse the value rather than forward it
     */
    public MaskedValue maskJson(String jsonText) throws MalformedJsonException {
        return json.mask(jsonText);
    }

    Masker masker() {
        return masker;
    }

    DetectorSet detectors() {
        return detectors;
    }
}
