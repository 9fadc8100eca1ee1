package io.tracegate.policy.copy;

import io.tracegate.policy.ColumnKind;
import io.tracegate.policy.engine.CopyPlan;
import io.tracegate.policy.engine.CopyRowMasker;
import io.tracegate.policy.mask.MalformedJsonException;
import io.tracegate.policy.mask.MaskedValue;
import io.tracegate.policy.mask.ValueMasker;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@link CopyRowMasker} for both row formats: buffers chunks until a {@link LineScanner} finds
 * a whole line, splits it with a {@link FieldCodec}, masks the protected fields and writes the
 * line back. Only fields whose value changed are re-encoded; every other byte is copied as it came.
 *
 * <p>Every line is masked, the row-width the server expects notwithstanding: a row with fewer
 * fields has nothing at the missing positions; a row with more fields will be rejected by the
 * server, whose error context quotes the line, so its protected fields are masked all the same.
 * Lines after the end-of-data marker are masked too: PostgreSQL 17 discards them, but a server
 * that read them as rows would store them.
 */
final class StreamingRowMasker implements CopyRowMasker {
    private final CopyPlan plan;
    private final ValueMasker masker;
    private final LineScanner scanner;
    private final FieldCodec codec;
    /** Protected positions, ascending, and their kinds. */
    private final int[] positions;
    private final ColumnKind[] kinds;

    private final StringBuilder pending = new StringBuilder();
    private final FieldSpans spans = new FieldSpans();
    private final Map<String, Integer> findings = new TreeMap<>();
    private long lines;
    private boolean finished;
    private boolean failed;
    /** The output of the current drain, once a field changed; and how much of the data it holds. */
    private StringBuilder out;
    private int copied;

    StreamingRowMasker(CopyPlan plan, ValueMasker masker, LineScanner scanner, FieldCodec codec) {
        this.plan = plan;
        this.masker = masker;
        this.scanner = scanner;
        this.codec = codec;
        this.positions = plan.protectedColumns().keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
        this.kinds = new ColumnKind[positions.length];
        for (int k = 0; k < positions.length; k++) {
            kinds[k] = plan.protectedColumns().get(positions[k]);
        }
    }

    @Override
    public String accept(String chunk) {
        if (finished) {
            throw new IllegalStateException(failed ? "this COPY's data was rejected" : "COPY data after finish()");
        }
        pending.append(chunk);
        return drainOrFail(false);
    }

    @Override
    public String finish() {
        if (failed) {
            throw new IllegalStateException("this COPY's data was rejected");
        }
        if (finished) {
            return "";
        }
        finished = true;
        return drainOrFail(true);
    }

    @Override
    public Map<String, Integer> findings() {
        return Collections.unmodifiableMap(new TreeMap<>(findings));
    }

    /** A rejection ends the COPY: the buffered data is gone, so no later call may pretend otherwise. */
    private String drainOrFail(boolean atEnd) {
        try {
            return drain(atEnd);
        } catch (CopyDataRejectedException e) {
            finished = true;
            failed = true;
            pending.setLength(0);
            throw e;
        }
    }

    /**
     * Masks every whole line buffered. The buffer is scanned in place until a line completes, so
     * a row spanning many chunks is not copied per chunk; then it is read as one String, and the
     * output is built only if some field changed, from that String's unchanged stretches and the
     * re-encoded fields.
     */
    private String drain(boolean atEnd) {
        LineScanner.Line line = scanner.next(pending, 0, atEnd);
        if (line == null) {
            return "";
        }
        String data = pending.toString();
        pending.setLength(0);
        out = null;
        copied = 0;
        int start = 0;
        do {
            lines++;
            boolean header = plan.header() && lines == 1;
            // Empty content before the marker is no row to the server; anything else is.
            if (!header && positions.length > 0 && !(line.endOfData() && line.contentEnd() == start)) {
                maskRow(data, start, line.contentEnd());
            }
            start = line.end();
        } while ((line = scanner.next(data, start, atEnd)) != null);
        pending.append(data, start, data.length());
        if (out == null) {
            return start == data.length() ? data : data.substring(0, start);
        }
        String result = out.append(data, copied, start).toString();
        out = null;
        return result;
    }

    private void maskRow(String data, int start, int end) {
        try {
            codec.split(data, start, end, positions[positions.length - 1] + 1, spans);
            for (int k = 0; k < positions.length && positions[k] < spans.count(); k++) {
                int p = positions[k];
                if (spans.isNull(p)) {
                    continue;
                }
                int from = spans.start(p);
                int to = spans.end(p);
                String value = spans.isPlain(p) ? data.substring(from, to) : codec.decode(data, from, to, p);
                MaskedValue masked = mask(value, kinds[k], p);
                masked.findingCounts().forEach((type, n) -> findings.merge(type, n, Integer::sum));
                if (masked.changed() && !masked.value().equals(value)) {
                    replace(data, from, to, codec.encode(masked.value(), p));
                }
            }
        } catch (FieldFormatException e) {
            throw rejected(e.field(), e.getMessage());
        }
    }

    /** Writes {@code data} up to {@code from}, then {@code raw} in place of {@code data[from, to)}. */
    private void replace(String data, int from, int to, String raw) {
        if (out == null) {
            out = new StringBuilder(data.length() + 64);
        }
        out.append(data, copied, from).append(raw);
        copied = to;
    }

    private MaskedValue mask(String value, ColumnKind kind, int position) {
        try {
            return masker.mask(value, kind);
        } catch (MalformedJsonException e) {
            throw rejected(position, "the value is not valid JSON (" + e.getMessage() + ")");
        }
    }

    private CopyDataRejectedException rejected(int position, String reason) {
        String column = position < plan.columns().size() ? '"' + plan.columns().get(position) + '"' : "#" + (position + 1);
        return new CopyDataRejectedException(plan.table(), lines, position, column, reason);
    }
}
