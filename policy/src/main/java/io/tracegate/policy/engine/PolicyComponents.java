package io.tracegate.policy.engine;

import io.tracegate.policy.ColumnKind;
import io.tracegate.policy.config.CustomDetectorConfig;
import io.tracegate.policy.config.TableConfig;
import io.tracegate.policy.config.TracegateConfig;
import io.tracegate.policy.detect.DetectorSet;
import io.tracegate.policy.mask.Masker;
import io.tracegate.policy.mask.ValueMasker;
import io.tracegate.policy.sql.ProtectedTables;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The parts of a loaded policy file that both the policy engine and the audit's redactor are
 * built from, so the two protect the same tables and mask with the same detectors, strategies
 * and hash key (a hash token in the audit log is the very token stored in the table).
 */
public final class PolicyComponents {

    private PolicyComponents() {
    }

    /**
     * The {@code tables} section. Config names are already resolved (quotes gone, case kept);
     * they are quoted again so that {@code "Audit"."Mixed"} is not folded to {@code audit.mixed}.
     */
    public static ProtectedTables protectedTables(TracegateConfig config) {
        Map<String, Map<String, ColumnKind>> tables = new LinkedHashMap<>();
        for (TableConfig table : config.tables()) {
            Map<String, ColumnKind> columns = new LinkedHashMap<>();
            table.columns().forEach((column, kind) -> columns.put(quoted(column), kind));
            tables.put(quotedTable(table.name()), columns);
        }
        return ProtectedTables.of(tables);
    }

    /** The {@code detectors} and {@code masking} sections. */
    public static ValueMasker valueMasker(TracegateConfig config) {
        Map<String, String> custom = new LinkedHashMap<>();
        for (CustomDetectorConfig detector : config.detectors().custom()) {
            custom.put(detector.name(), detector.pattern());
        }
        DetectorSet detectors = DetectorSet.of(config.detectors().builtin(), custom);
        Masker masker = new Masker(config.masking().defaultStrategy(), config.masking().byType(),
                config.masking().hashKey().getBytes(StandardCharsets.UTF_8));
        return new ValueMasker(detectors, masker);
    }

    /** A resolved {@code schema.table} (neither part can hold a dot) as quoted identifiers. */
    private static String quotedTable(String resolved) {
        int dot = resolved.indexOf('.');
        return quoted(resolved.substring(0, dot)) + "." + quoted(resolved.substring(dot + 1));
    }

    private static String quoted(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
