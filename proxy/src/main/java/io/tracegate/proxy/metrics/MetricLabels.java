package io.tracegate.proxy.metrics;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Keeps label values to names: a value must look like an identifier from the policy file or
 * the code ({@code no-ddl}, {@code credit_card}, {@code approved}) and a label may take only
 * so many distinct values. Anything else (text with spaces, quotes, a value someone typed)
 * becomes {@value #OTHER}, so a careless caller can neither leak a value nor blow up the
 * number of series.
 */
final class MetricLabels {

    static final String OTHER = "other";

    /** Policy names and codes: letters, digits and a few separators, never spaces or quotes. */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");
    /** Pool names are {@code user@host:port/database}, from the configuration. */
    static final Pattern POOL = Pattern.compile("[A-Za-z0-9_.:@/\\[\\]-]{1,128}");

    private final Pattern pattern;
    private final int maxValues;
    private final Set<String> seen = ConcurrentHashMap.newKeySet();

    MetricLabels(Pattern pattern, int maxValues) {
        this.pattern = pattern;
        this.maxValues = maxValues;
    }

    String of(String value) {
        // Known values first: this runs per statement, the pattern only per new value.
        if (value == null) {
            return OTHER;
        }
        if (seen.contains(value)) {
            return value;
        }
        if (!pattern.matcher(value).matches()) {
            return OTHER;
        }
        if (seen.size() >= maxValues) {
            return OTHER;
        }
        seen.add(value);
        return value;
    }
}
