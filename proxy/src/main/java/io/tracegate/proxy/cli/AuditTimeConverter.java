package io.tracegate.proxy.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Times for {@code --since} and {@code --until}: an instant ({@code 2026-11-25T10:00:00Z}),
 * a date-time with an offset, a date-time or date without one (taken as UTC), or a span back
 * from now ({@code 90s}, {@code 15m}, {@code 2h}, {@code 7d}).
 */
final class AuditTimeConverter implements ITypeConverter<Instant> {

    private static final Pattern AGO = Pattern.compile("(\\d+)([smhd])");

    @Override
    public Instant convert(String value) {
        String text = value.strip();
        Matcher ago = AGO.matcher(text.toLowerCase(Locale.ROOT));
        if (ago.matches()) {
            long amount = Long.parseLong(ago.group(1));
            Duration span = switch (ago.group(2)) {
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
            return Instant.now().minus(span);
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException notWithOffset) {
            try {
                return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException notLocal) {
                try {
                    return LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC);
                } catch (DateTimeParseException notDate) {
                    throw new TypeConversionException("'" + value + "' is not a time: use 2026-11-25T10:00:00Z,"
                            + " 2026-11-25T10:00, 2026-11-25 (UTC) or a span back from now such as 15m, 2h, 7d");
                }
            }
        }
    }
}
