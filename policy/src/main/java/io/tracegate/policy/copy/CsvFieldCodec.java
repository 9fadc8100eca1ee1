package io.tracegate.policy.copy;

/**
 * Fields of CSV COPY data. A field may mix unquoted and quoted parts ({@code a"b,c"d} is
 * {@code ab,cd}); inside quotes the escape character takes a following quote or escape literally.
 * A field is NULL when its raw text is the NULL marker and it has no quote in it, so {@code ""}
 * is the empty string even when the marker is empty.
 */
final class CsvFieldCodec implements FieldCodec {
    private final char delimiter;
    private final char quote;
    private final char escape;
    private final String nullString;

    CsvFieldCodec(char delimiter, char quote, char escape, String nullString) {
        this.delimiter = delimiter;
        this.quote = quote;
        this.escape = escape;
        this.nullString = nullString;
    }

    @Override
    public void split(String row, int start, int end, int limit, FieldSpans into) throws FieldFormatException {
        into.clear();
        int i = start;
        while (true) {
            int fieldStart = i;
            boolean sawQuote = false;
            boolean inQuote = false;
            boolean foundDelimiter = false;
            while (i < end) {
                char c = row.charAt(i);
                if (inQuote) {
                    if (c == escape && i + 1 < end && (row.charAt(i + 1) == escape || row.charAt(i + 1) == quote)) {
                        i += 2;
                        continue;
                    }
                    // Tested after the escape, which is usually the quote itself.
                    if (c == quote) {
                        inQuote = false;
                    }
                } else if (c == delimiter) {
                    foundDelimiter = true;
                    break;
                } else if (c == quote) {
                    inQuote = true;
                    sawQuote = true;
                }
                i++;
            }
            if (inQuote) {
                throw new FieldFormatException(into.count(), "unterminated CSV quoted field");
            }
            into.add(fieldStart, i, !sawQuote && FieldSpans.rawEquals(row, fieldStart, i, nullString), !sawQuote);
            if (!foundDelimiter || into.count() >= limit) {
                return;
            }
            i++;
        }
    }

    @Override
    public String decode(String row, int start, int end, int field) {
        StringBuilder value = new StringBuilder(end - start);
        boolean inQuote = false;
        for (int i = start; i < end; i++) {
            char c = row.charAt(i);
            if (inQuote) {
                if (c == escape && i + 1 < end && (row.charAt(i + 1) == escape || row.charAt(i + 1) == quote)) {
                    value.append(row.charAt(++i));
                    continue;
                }
                if (c == quote) {
                    inQuote = false;
                    continue;
                }
            } else if (c == quote) {
                inQuote = true;
                continue;
            }
            value.append(c);
        }
        return value.toString();
    }

    /** Always quoted: newlines, delimiters and an empty value all survive, and it is never NULL. */
    @Override
    public String encode(String value, int field) {
        StringBuilder raw = new StringBuilder(value.length() + 8);
        raw.append(quote);
        int copied = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == quote || c == escape) {
                raw.append(value, copied, i).append(escape);
                copied = i;
            }
        }
        return raw.append(value, copied, value.length()).append(quote).toString();
    }
}
