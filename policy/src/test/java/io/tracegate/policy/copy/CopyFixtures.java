package io.tracegate.policy.copy;

import io.tracegate.policy.ColumnKind;
import io.tracegate.policy.MaskStrategy;
import io.tracegate.policy.detect.DetectorSet;
import io.tracegate.policy.engine.CopyPlan;
import io.tracegate.policy.engine.CopyRowMasker;
import io.tracegate.policy.mask.Masker;
import io.tracegate.policy.mask.ValueMasker;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Plans, the masker and chunked runs shared by the COPY tests. */
final class CopyFixtures {
    static final ValueMasker MASKER = new ValueMasker(DetectorSet.all(),
            new Masker(MaskStrategy.REDACT, Map.of(), "k".getBytes(StandardCharsets.UTF_8)));

    /** Only the detectors the tests' values need: for runs repeated tens of thousands of times. */
    static final ValueMasker FAST_MASKER = new ValueMasker(DetectorSet.of(Set.of("email", "credit_card"), Map.of()),
            new Masker(MaskStrategy.REDACT, Map.of(), "k".getBytes(StandardCharsets.UTF_8)));

    static final List<String> COLUMNS = List.of("agent", "reasoning", "payload", "note");
    /** reasoning (text) and payload (JSON) are protected; agent and note are not. */
    static final Map<Integer, ColumnKind> PROTECTED = Map.of(1, ColumnKind.TEXT, 2, ColumnKind.JSON);

    private CopyFixtures() {
    }

    static CopyPlan text() {
        return text('\t', "\\N", false);
    }

    static CopyPlan text(char delimiter, String nullString, boolean header) {
        return new CopyPlan("public.agent_traces", COLUMNS, PROTECTED, CopyPlan.Format.TEXT, delimiter, '"', '"',
                nullString, header);
    }

    static CopyPlan csv() {
        return csv(',', '"', '"', "", false);
    }

    static CopyPlan csv(char delimiter, char quote, char escape, String nullString, boolean header) {
        return new CopyPlan("public.agent_traces", COLUMNS, PROTECTED, CopyPlan.Format.CSV, delimiter, quote, escape,
                nullString, header);
    }

    static CopyRowMasker masker(CopyPlan plan) {
        return CopyRowMaskers.create(plan, MASKER);
    }

    /** The whole input in one chunk, then finish. */
    static String run(CopyPlan plan, String input) {
        CopyRowMasker masker = masker(plan);
        return masker.accept(input) + masker.finish();
    }

    /** The input cut at the given ascending offsets, one accept per piece, then finish. */
    static String run(CopyPlan plan, String input, int... cuts) {
        return run(MASKER, plan, input, cuts);
    }

    static String run(ValueMasker valueMasker, CopyPlan plan, String input, int... cuts) {
        CopyRowMasker masker = CopyRowMaskers.create(plan, valueMasker);
        StringBuilder out = new StringBuilder();
        int from = 0;
        for (int cut : cuts) {
            out.append(masker.accept(input.substring(from, cut)));
            from = cut;
        }
        out.append(masker.accept(input.substring(from)));
        return out.append(masker.finish()).toString();
    }
}
