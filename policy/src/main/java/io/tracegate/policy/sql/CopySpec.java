package io.tracegate.policy.sql;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A COPY statement's details, as a row masker needs them. Options in the old and the parenthesised
 * syntax are both read; defaults are the server's for the format.
 *
 * @param table        the table, canonical {@code schema.table}; empty for {@code COPY (query) TO}
 * @param columns      the column list as written (folded), empty when the statement has none
 * @param direction    FROM (into the table) or TO
 * @param endpoint     STDIO for {@code STDIN}/{@code STDOUT}, FILE for a server file name, PROGRAM
 * @param format       text, csv or binary
 * @param delimiter    field delimiter
 * @param quote        CSV quote character ({@code "} for text, where it has no meaning)
 * @param escape       CSV escape character (defaults to the quote)
 * @param nullString   the string that stands for NULL
 * @param defaultString the string that stands for the column default ({@code DEFAULT} option), if set
 * @param header       a header line is present ({@code HEADER MATCH} counts as present)
 * @param encoding     the data's encoding when the {@code ENCODING} option names one
 */
public record CopySpec(
        Optional<String> table,
        List<String> columns,
        Direction direction,
        Endpoint endpoint,
        Format format,
        char delimiter,
        char quote,
        char escape,
        String nullString,
        Optional<String> defaultString,
        boolean header,
        Optional<String> encoding) {

    public enum Direction { FROM, TO }

    public enum Endpoint { STDIO, FILE, PROGRAM }

    public enum Format { TEXT, CSV, BINARY }

    public CopySpec {
        Objects.requireNonNull(table, "table");
        columns = List.copyOf(columns);
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(nullString, "nullString");
        Objects.requireNonNull(defaultString, "defaultString");
        Objects.requireNonNull(encoding, "encoding");
    }
}
