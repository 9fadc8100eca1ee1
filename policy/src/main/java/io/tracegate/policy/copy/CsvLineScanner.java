package io.tracegate.policy.copy;

/**
 * Line ends in CSV COPY data. Outside quotes a line ends at {@code \n}, {@code \r\n} or a lone
 * {@code \r}; inside quotes newlines are data, so a row may span physical lines. Quote and escape
 * are tracked the way {@code CopyReadLineText} does: the escape counts only inside quotes, and
 * when it is the quote character itself the quote simply toggles.
 *
 * <p>{@code \.} alone on a line is the end-of-data marker to PostgreSQL 17 and a one-field row
 * holding {@code \.} to PostgreSQL 18; either way the line is passed on untouched, since that
 * value can hold nothing to mask. As for text, the newline style is not held to the first line's.
 */
final class CsvLineScanner implements LineScanner {
    private final char quote;
    private final char escape;
    /** When the escape is the quote, doubling a quote is just two toggles. */
    private final boolean distinctEscape;

    private int scanned;
    private boolean inQuote;
    private boolean lastWasEscape;

    CsvLineScanner(char quote, char escape) {
        this.quote = quote;
        this.escape = escape;
        this.distinctEscape = quote != escape;
    }

    @Override
    public Line next(CharSequence data, int start, boolean atEnd) {
        int length = data.length();
        int i = start + scanned;
        if (scanned == 0 && i < length && data.charAt(i) == '\\') {
            int marker = markerLength(data, i);
            if (marker < 0 && !atEnd) {
                return null;
            }
            if (marker > 0) {
                return line(i, i + marker, true);
            }
        }
        while (i < length) {
            char c = data.charAt(i);
            boolean quoted = inQuote;
            boolean escaped = lastWasEscape;
            if (quoted && distinctEscape && c == escape) {
                escaped = !escaped;
            }
            if (c == quote && !escaped) {
                quoted = !quoted;
            }
            if (!distinctEscape || c != escape) {
                escaped = false;
            }
            if (!quoted && c == '\r') {
                if (i + 1 < length) {
                    return line(i, data.charAt(i + 1) == '\n' ? i + 2 : i + 1, false);
                }
                if (!atEnd) {
                    // This character's state change is not kept: it is read again with more data.
                    scanned = i - start;
                    return null;
                }
                return line(i, i + 1, false);
            }
            if (!quoted && c == '\n') {
                return line(i, i + 1, false);
            }
            inQuote = quoted;
            lastWasEscape = escaped;
            i++;
        }
        if (atEnd && length > start) {
            // An open quote here is "unterminated CSV quoted field"; the field splitter says so.
            return line(length, length, false);
        }
        scanned = length - start;
        return null;
    }

    /**
     * The length of the marker {@code \.} and its newline at {@code at}: 0 when the line is data,
     * -1 when the buffer ends too soon to tell (at the end of the data, a {@code \.} without a
     * newline is data).
     */
    private static int markerLength(CharSequence data, int at) {
        int length = data.length();
        if (at + 1 >= length) {
            return -1;
        }
        if (data.charAt(at + 1) != '.') {
            return 0;
        }
        if (at + 2 >= length) {
            return -1;
        }
        char c = data.charAt(at + 2);
        if (c == '\n') {
            return 3;
        }
        if (c != '\r') {
            return 0;
        }
        if (at + 3 >= length) {
            return -1;
        }
        return data.charAt(at + 3) == '\n' ? 4 : 3;
    }

    private Line line(int contentEnd, int end, boolean endOfData) {
        scanned = 0;
        inQuote = false;
        lastWasEscape = false;
        return new Line(contentEnd, end, endOfData);
    }
}
