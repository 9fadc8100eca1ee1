package io.tracegate.policy.config;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations ({@code 250ms}, {@code 5s}, {@code 10m}, {@code 1h}, {@code 1d}, or sums such as
 * {@code 1h30m}) and sizes ({@code 512KB}, {@code 64MB}, {@code 1GiB}, or plain bytes). Size units
 * are binary whether written KB or KiB, as PostgreSQL reads them in its own configuration.
 */
final class Units {
    private static final Pattern DURATION_PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([kmgt]i?b|b)?", Pattern.CASE_INSENSITIVE);

    private Units() {
    }

    /** @throws IllegalArgumentException with a message for the user */
    static Duration duration(String text) {
        String compact = text.strip();
        Matcher part = DURATION_PART.matcher(compact);
        Duration total = Duration.ZERO;
        int end = 0;
        while (end < compact.length() && part.find(end) && part.start() == end) {
            total = total.plus(part(part.group(1), part.group(2), text));
            end = part.end();
        }
        if (end == 0 || end != compact.length()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration; write e.g. 250ms, 5s, 10m, 1h or 1h30m");
        }
        return total;
    }

    private static Duration part(String digits, String unit, String text) {
        try {
            long amount = Long.parseLong(digits);
            switch (unit) {
                case "ms":
                    return Duration.ofMillis(amount);
                case "s":
                    return Duration.ofSeconds(amount);
                case "m":
                    return Duration.ofMinutes(amount);
                case "h":
                    return Duration.ofHours(amount);
                default:
                    return Duration.ofDays(amount);
            }
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is too long a duration");
        }
    }

    /** @throws IllegalArgumentException with a message for the user */
    static long size(String text) {
        Matcher matcher = SIZE.matcher(text.strip());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a size; write e.g. 512KB, 64MB or 1GiB");
        }
        String unit = matcher.group(2) == null ? "b" : matcher.group(2).toLowerCase(Locale.ROOT);
        int shift;
        switch (unit.charAt(0)) {
            case 'k':
                shift = 10;
                break;
            case 'm':
                shift = 20;
                break;
            case 'g':
                shift = 30;
                break;
            case 't':
                shift = 40;
                break;
            default:
                shift = 0;
        }
        try {
            long amount = Long.parseLong(matcher.group(1));
            if (amount > (Long.MAX_VALUE >> shift)) {
                throw new NumberFormatException();
            }
            return amount << shift;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is too large a size");
        }
    }

    /** A size the way a user would write it: {@code 16KB}, {@code 1GB}, or bytes when not a whole unit. */
    static String describeSize(long bytes) {
        String[] units = {"TB", "GB", "MB", "KB"};
        for (int i = 0; i < units.length; i++) {
            int shift = 40 - 10 * i;
            if (bytes > 0 && bytes % (1L << shift) == 0) {
                return (bytes >> shift) + units[i];
            }
        }
        return bytes + " bytes";
    }
}
