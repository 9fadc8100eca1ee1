package io.tracegate.policy.copy;

import io.tracegate.policy.engine.CopyPlan;
import io.tracegate.policy.engine.CopyRowMasker;
import io.tracegate.policy.mask.ValueMasker;
import java.util.Objects;

/**
 * Creates the {@link CopyRowMasker} for a planned {@code COPY ... FROM STDIN} in text or CSV
 * format. The masker reads the data exactly as PostgreSQL 17's COPY FROM does (line ends, the
 * end-of-data marker, escapes, quotes, the NULL marker), masks the values of the protected
 * columns with a {@link ValueMasker} and re-encodes each changed value so the server decodes
 * exactly the masked value; all other bytes pass through unchanged. Values it cannot mask fail
 * the COPY with a {@link CopyDataRejectedException}.
 *
 * <p>The data is taken as decoded text in a server encoding of UTF-8: a text-format escape such
 * as {@code \xc3\xa9} is read as the UTF-8 bytes of {@code é}. The plan carries no
 * {@code FORCE_NULL}, {@code FORCE_NOT_NULL} or {@code DEFAULT} options; the only values they
 * affect are spelled like the NULL or DEFAULT marker, which hold nothing to mask.
 */
public final class CopyRowMaskers {
    /** Characters PostgreSQL refuses as a text-format delimiter: they would read as escapes. */
    private static final String TEXT_FORBIDDEN_DELIMITERS = "\\.abcdefghijklmnopqrstuvwxyz0123456789";

    private CopyRowMaskers() {
    }

    /**
     * A fresh masker for one COPY.
     *
     * @throws IllegalArgumentException for options PostgreSQL refuses (a delimiter that is a
     *                                  newline, not one byte, or in text format a letter, digit,
     *                                  backslash or dot; a CSV delimiter equal to the quote;
     *                                  a newline in the NULL marker), or a negative position
     */
    public static CopyRowMasker create(CopyPlan plan, ValueMasker masker) {
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(masker, "masker");
        Objects.requireNonNull(plan.format(), "format");
        Objects.requireNonNull(plan.nullString(), "nullString");
        validate(plan);
        return switch (plan.format()) {
            case TEXT -> new StreamingRowMasker(plan, masker, new TextLineScanner(),
                    new TextFieldCodec(plan.delimiter(), plan.nullString()));
            case CSV -> new StreamingRowMasker(plan, masker, new CsvLineScanner(plan.quote(), plan.escape()),
                    new CsvFieldCodec(plan.delimiter(), plan.quote(), plan.escape(), plan.nullString()));
        };
    }

    private static void validate(CopyPlan plan) {
        char delimiter = plan.delimiter();
        require(delimiter < 0x80, "the COPY delimiter must be a single one-byte character");
        require(delimiter != '\n' && delimiter != '\r', "the COPY delimiter cannot be newline or carriage return");
        require(plan.nullString().indexOf('\n') < 0 && plan.nullString().indexOf('\r') < 0,
                "the COPY null representation cannot use newline or carriage return");
        if (plan.format() == CopyPlan.Format.TEXT) {
            require(TEXT_FORBIDDEN_DELIMITERS.indexOf(delimiter) < 0,
                    "the COPY delimiter cannot be \"" + delimiter + "\" in text format");
        } else {
            require(plan.quote() < 0x80 && plan.escape() < 0x80,
                    "the COPY quote and escape must be single one-byte characters");
            require(delimiter != plan.quote(), "the COPY delimiter and quote must be different");
        }
        for (int position : plan.protectedColumns().keySet()) {
            require(position >= 0, "a protected column position is negative");
            Objects.requireNonNull(plan.protectedColumns().get(position), "column kind");
        }
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
