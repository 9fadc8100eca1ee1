package io.tracegate.policy.config;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.tracegate.policy.MaskStrategy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads which detectors run ({@code detectors}) and how findings are masked ({@code masking}). */
final class DetectionSections {
    private static final java.util.regex.Pattern CUSTOM_NAME = java.util.regex.Pattern.compile("[a-z][a-z0-9_]*");
    private static final Map<String, MaskStrategy> STRATEGIES =
            MapReader.spellings(MaskStrategy.values(), s -> s.name().toLowerCase(Locale.ROOT));

    private DetectionSections() {
    }

    static DetectorsConfig detectors(MapReader root) {
        MapReader detectors = root.mapping("detectors");
        Set<String> builtin = builtin(detectors);
        List<CustomDetectorConfig> custom = custom(detectors);
        detectors.finish();
        return new DetectorsConfig(builtin, custom);
    }

    /** {@code all} (also the default), or a list of builtin names; an empty list turns them all off. */
    private static Set<String> builtin(MapReader detectors) {
        ReadContext context = detectors.context();
        if (!detectors.has("builtin")) {
            detectors.value("builtin");
            if (detectors.contains("builtin")) {
                context.errorAt(detectors.key("builtin"), "has no value; write 'all', a list of names, or [] for none");
            }
            return DetectorsConfig.BUILTIN_NAMES;
        }
        List<MapReader.Value> names = detectors.strings("builtin");
        if (names.size() == 1 && names.get(0).text().equals("all")) {
            return DetectorsConfig.BUILTIN_NAMES;
        }
        Set<String> enabled = new LinkedHashSet<>();
        for (MapReader.Value name : names) {
            if (DetectorsConfig.BUILTIN_NAMES.contains(name.text())) {
                enabled.add(name.text());
            } else {
                String hint = name.text().equals("all") ? "; 'all' stands alone, not inside a list"
                        : Suggestions.hint(name.text(), DetectorsConfig.BUILTIN_NAMES);
                context.error(name.key(), name.line(), "unknown builtin detector '" + name.text() + "'" + hint);
            }
        }
        return enabled;
    }

    private static List<CustomDetectorConfig> custom(MapReader detectors) {
        ReadContext context = detectors.context();
        List<CustomDetectorConfig> custom = new ArrayList<>();
        Map<String, Integer> lineOfName = new HashMap<>();
        for (MapReader.Element element : detectors.sequence("custom")) {
            Optional<MapReader> entry = MapReader.ofEntry(context, element);
            if (entry.isEmpty()) {
                continue;
            }
            MapReader detector = entry.get();
            String name = detector.requiredString("name");
            String pattern = detector.requiredString("pattern");
            detector.finish();
            boolean valid = !name.isEmpty() && !pattern.isEmpty();
            String nameKey = detector.key("name");
            if (!name.isEmpty() && !CUSTOM_NAME.matcher(name).matches()) {
                context.errorAt(nameKey, "'" + name + "' must be lower-case letters, digits and '_', starting with a letter");
                valid = false;
            } else if (DetectorsConfig.BUILTIN_NAMES.contains(name)) {
                context.errorAt(nameKey, "'" + name + "' is the name of a builtin detector; choose another name");
                valid = false;
            } else if (!name.isEmpty()) {
                Integer earlier = lineOfName.putIfAbsent(name, context.lineOf(nameKey));
                if (earlier != null) {
                    context.errorAt(nameKey, "detector '" + name + "' is already defined at line " + earlier);
                    valid = false;
                }
            }
            if (!pattern.isEmpty() && !checkPattern(context, detector.key("pattern"), pattern)) {
                valid = false;
            }
            if (valid) {
                custom.add(new CustomDetectorConfig(name, pattern));
            }
        }
        return custom;
    }

    /** Compiles with RE2, the engine detectors run on untrusted text, so what passes here also runs there. */
    private static boolean checkPattern(ReadContext context, String key, String pattern) {
        try {
            if (Pattern.compile(pattern).matcher("").matches()) {
                context.errorAt(key, "matches the empty string, so it would find something everywhere");
                return false;
            }
            return true;
        } catch (PatternSyntaxException e) {
            context.errorAt(key, "is not a valid RE2 regular expression (no back-references or look-around): "
                    + e.getDescription() + " in '" + e.getPattern() + "'");
            return false;
        }
    }

    static MaskingConfig masking(MapReader root, DetectorsConfig detectors) {
        ReadContext context = root.context();
        MapReader masking = root.mapping("masking");
        MaskStrategy defaultStrategy = masking.choice("default", MaskStrategy.REDACT, STRATEGIES);
        Map<String, MaskStrategy> byType = new LinkedHashMap<>();
        MapReader types = masking.mapping("by_type");
        Set<String> enabled = detectors.enabledTypes();
        for (YamlNode.Entry entry : types.entries()) {
            String key = types.key(entry.key());
            Optional<MaskStrategy> strategy = types.scalar(entry.value(), key)
                    .flatMap(value -> types.choiceOf(value, STRATEGIES));
            if (entry.value() instanceof YamlNode.Null) {
                context.error(key, entry.line(), "needs a strategy: " + String.join(", ", STRATEGIES.keySet()));
            }
            if (!enabled.contains(entry.key())) {
                context.error(key, entry.line(), notEnabled(entry.key(), enabled));
            }
            strategy.ifPresent(s -> byType.put(entry.key(), s));
        }
        types.finish();
        String hashKey = masking.string("hash_key", "");
        if (hashKey.isEmpty() && !masking.failed("hash_key") && (defaultStrategy == MaskStrategy.HASH || byType.containsValue(MaskStrategy.HASH))) {
            context.errorAt(masking.key("hash_key"), "is needed because a strategy is 'hash'; set it, e.g."
                    + " from ${env:TRACEGATE_HASH_KEY}");
        }
        masking.finish();
        return new MaskingConfig(defaultStrategy, byType, hashKey);
    }

    /** Why a finding type named somewhere cannot occur. */
    static String notEnabled(String type, Set<String> enabled) {
        if (DetectorsConfig.BUILTIN_NAMES.contains(type)) {
            return "detector '" + type + "' is not enabled under detectors.builtin, so this can never apply";
        }
        return "'" + type + "' is not a detector type (builtin or detectors.custom), so this can never apply"
                + Suggestions.hint(type, enabled);
    }
}
