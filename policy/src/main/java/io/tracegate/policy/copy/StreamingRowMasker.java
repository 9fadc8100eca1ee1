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
    private final String[] replacements;

    private final StringBuilder pending = new StringBuilder();
    private final FieldSpans spans = new FieldSpans();
    private final Map<String, Integer> findings = new TreeMap<>();
    private long lines;
    private boolean finished;

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
        this.replacements = new String[positions.length];
    }

    @Override
    public String accept(String chunk) {
        if (finished) {
            throw new IllegalStateException("COPY data after finish()");
        }
        pending.append(chunk);
        return drain(false);
    }

    @Override
    public String finish() {
        if (finished) {
            return "";
        }
        finished = true;
        return drain(true);
    }

    @Override
    public Map<String, Integer> findings() {
        return Collections.unmodifiableMap(new TreeMap<>(findings));
    }

    private String drain(boolean atEnd) {
        StringBuilder out = new StringBuilder();
        int start = 0;
        LineScanner.Line line;
        while ((line = scanner.next(pending, start, atEnd)) != null) {
            lines++;
            boolean header = plan.header() && lines == 1;
            // Empty content before the marker is no row to the server; anything else is.
            boolean row = !header && positions.length > 0 && !(line.endOfData() && line.contentEnd() == start);
            if (row) {
                maskRow(start, line.contentEnd(), out);
                out.append(pending, line.contentEnd(), line.end());
            } else {
                out.append(pending, start, line.end());
            }
            start = line.end();
        }
        pending.delete(0, start);
        return out.toString();
    }

    private void maskRow(int start, int end, StringBuilder out) {
        int fieldCount;
        boolean changed = false;
        try {
            codec.split(pending, start, end, positions[positions.length - 1] + 1, spans);
            fieldCount = spans.count();
            for (int k = 0; k < positions.length && positions[k] < fieldCount; k++) {
                replacements[k] = null;
                int p = positions[k];
                if (spans.isNull(p)) {
                    continue;
                }
                String value = codec.decode(pending, spans.start(p), spans.end(p), p);
                MaskedValue masked = mask(value, kinds[k], p);
                masked.findingCounts().forEach((type, n) -> findings.merge(type, n, Integer::sum));
                if (masked.changed() && !masked.value().equals(value)) {
                    replacements[k] = codec.encode(masked.value(), p);
                    changed = true;
                }
            }
        } catch (FieldFormatException e) {
            throw rejected(e.field(), e.getMessage());
        }
        if (!changed) {
            out.append(pending, start, end);
            return;
        }
        int copied = start;
        for (int k = 0; k < positions.length && positions[k] < fieldCount; k++) {
            if (replacements[k] != null) {
                out.append(pending, copied, spans.start(positions[k])).append(replacements[k]);
                copied = spans.end(positions[k]);
            }
        }
        out.append(pending, copied, end);
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
