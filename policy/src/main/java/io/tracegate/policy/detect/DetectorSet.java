package io.tracegate.policy.detect;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * The detectors a policy enables, and the one place that runs them over a text.
 *
 * <p>A scan normalises the text once ({@link ScanText}), runs every detector on it, drops
 * anything inside a mask token written by an earlier pass, resolves overlaps between masked
 * findings and maps the offsets back to the original text. Overlaps are resolved greedily
 * and deterministically: higher {@link Detector#specificity()} first, then the longer
 * finding, then the earlier one (then configuration order); a finding that overlaps an
 * accepted one is dropped. Detectors run from the most specific down and see what is
 * already taken ({@link ScanText#claimed}), so costly checks can be skipped for candidates
 * that would lose anyway. Signal findings take no part in that contest: they never
 * suppress a value that must be masked, and are kept even where they overlap one.
 *
 * <p>Immutable and thread-safe.
 */
public final class DetectorSet {
    private static final DetectorSet ALL = of(BuiltinDetectors.names(), Map.of());

    private final List<Detector> detectors;
    /** Masked detectors by decreasing specificity (stable, so ties keep configuration order). */
    private final List<Detector> maskedDetectors;
    private final List<Detector> signalDetectors;

    private DetectorSet(List<Detector> detectors) {
        this.detectors = List.copyOf(detectors);
        List<Detector> masked = new ArrayList<>();
        List<Detector> signals = new ArrayList<>();
        for (Detector d : detectors) {
            (d.masked() ? masked : signals).add(d);
        }
        masked.sort((a, b) -> Integer.compare(b.specificity(), a.specificity()));
        this.maskedDetectors = List.copyOf(masked);
        this.signalDetectors = List.copyOf(signals);
    }

    /**
     * The built-ins named (see {@link #builtinNames()}) plus custom RE2J patterns by name.
     *
     * @throws IllegalArgumentException for an unknown built-in, a custom name that clashes
     *                                  with another detector, or a pattern RE2J rejects
     */
    public static DetectorSet of(Set<String> builtinNames, Map<String, String> customPatterns) {
        List<Detector> list = new ArrayList<>();
        for (String name : BuiltinDetectors.names()) {
            if (builtinNames.contains(name)) {
                list.add(BuiltinDetectors.create(name));
            }
        }
        for (String name : builtinNames) {
            if (!BuiltinDetectors.names().contains(name)) {
                BuiltinDetectors.create(name); // throws with the list of known names
            }
        }
        for (Map.Entry<String, String> custom : new TreeMap<>(customPatterns).entrySet()) {
            String name = custom.getKey();
            if (BuiltinDetectors.names().contains(name)) {
                throw new IllegalArgumentException("custom detector '" + name + "' has the name of a built-in detector");
            }
            list.add(new RegexDetector(name, Objects.requireNonNull(custom.getValue(), "pattern")));
        }
        return new DetectorSet(list);
    }

    /** Every built-in detector. */
    public static DetectorSet all() {
        return ALL;
    }

    /** Names of the built-in detectors, as the policy file spells them. */
    public static Set<String> builtinNames() {
        return BuiltinDetectors.names();
    }

    public List<Detector> detectors() {
        return detectors;
    }

    /** True when findings of {@code type} are rewritten (false for signals and unknown types). */
    public boolean masks(String type) {
        for (Detector d : detectors) {
            if (d.type().equals(type)) {
                return d.masked();
            }
        }
        return false;
    }

    /**
     * Every finding in {@code text}, sorted by start. Masked findings never overlap one
     * another; signal findings may overlap them (see {@link ScanResult}).
     */
    public List<Finding> scan(String text) {
        return scanDetailed(text).all();
    }

    /** Masked findings and signals, separately. */
    public ScanResult scanDetailed(String text) {
        if (text.isEmpty()) {
            return ScanResult.EMPTY;
        }
        ScanText st = ScanText.of(text);
        SignalCollector signals = new SignalCollector(st);
        for (Detector d : signalDetectors) {
            signals.type = d.type();
            d.scan(st, signals);
        }
        OverlapResolver resolver = new OverlapResolver(st);
        // Most specific first, one group per specificity: within a group the longer, then the
        // earlier finding wins; a later group only gets what earlier groups left free.
        for (int i = 0; i < maskedDetectors.size(); ) {
            int specificity = maskedDetectors.get(i).specificity();
            resolver.startGroup();
            for (; i < maskedDetectors.size() && maskedDetectors.get(i).specificity() == specificity; i++) {
                Detector d = maskedDetectors.get(i);
                resolver.reportingFor(d);
                d.scan(st, resolver);
            }
            resolver.endGroup();
        }
        return new ScanResult(resolver.findings(), signals.sorted());
    }

    /** Signal findings of one scan, at original offsets; the list is made by the first one. */
    private static final class SignalCollector implements FindingSink {
        private final ScanText text;
        private String type;
        private List<Finding> found;

        SignalCollector(ScanText text) {
            this.text = text;
        }

        @Override
        public void found(int start, int end) {
            if (found == null) {
                found = new ArrayList<>();
            }
            found.add(new Finding(type, text.originalStart(start), text.originalEnd(end)));
        }

        List<Finding> sorted() {
            if (found == null) {
                return List.of();
            }
            found.sort((a, b) -> a.start() != b.start() ? Integer.compare(a.start(), b.start()) : Integer.compare(a.end(), b.end()));
            return found;
        }
    }

    @Override
    public String toString() {
        List<String> names = new ArrayList<>();
        for (Detector d : detectors) {
            names.add(d.type());
        }
        return "DetectorSet" + names;
    }
}
