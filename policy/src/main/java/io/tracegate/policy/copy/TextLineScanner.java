package io.tracegate.policy.copy;

/**
 * Line ends in text-format COPY data. A line ends at {@code \n}, {@code \r\n} or a lone
 * {@code \r}; a backslash takes the next character with it, so an escaped newline is data. An
 * unescaped {@code \.} followed by a newline is the end-of-data marker wherever it stands: the
 * text before it on the line is still a row (PostgreSQL 17 reads it so).
 *
 * <p>PostgreSQL also insists that every line ends the way the first one did and rejects the
 * whole COPY otherwise; this scanner accepts any of the three on every line. On data the server
 * accepts the two agree, and on data it rejects nothing is stored whatever was masked.
 */
final class TextLineScanner implements LineScanner {
    /** Characters of the current line already known to be content. */
    private int scanned;

    @Override
    public Line next(CharSequence data, int start, boolean atEnd) {
        int length = data.length();
        int i = start + scanned;
        while (i < length) {
            char c = data.charAt(i);
            if (c == '\n') {
                return line(i, i + 1, false);
            }
            if (c == '\r') {
                if (i + 1 < length) {
                    return line(i, data.charAt(i + 1) == '\n' ? i + 2 : i + 1, false);
                }
                return atEnd ? line(i, i + 1, false) : await(i, start);
            }
            if (c == '\\') {
                if (i + 1 >= length) {
                    if (!atEnd) {
                        return await(i, start);
                    }
                    // A backslash that ends the data is content; the server drops it.
                    i++;
                    continue;
                }
                if (data.charAt(i + 1) == '.') {
                    int after = i + 2;
                    if (after >= length) {
                        // The server calls a bare "\." at the very end corrupt and fails the
                        // COPY; it is passed on untouched, as a marker.
                        return atEnd ? line(i, length, true) : await(i, start);
                    }
                    char next = data.charAt(after);
                    if (next == '\n') {
                        return line(i, after + 1, true);
                    }
                    if (next == '\r') {
                        if (after + 1 < length) {
                            return line(i, data.charAt(after + 1) == '\n' ? after + 2 : after + 1, true);
                        }
                        return atEnd ? line(i, after + 1, true) : await(i, start);
                    }
                    // "\." followed by data is "end-of-copy marker corrupt" to the server, which
                    // then fails the COPY; read on as an escaped '.'.
                }
                i += 2;
                continue;
            }
            i++;
        }
        if (atEnd && length > start) {
            return line(length, length, false);
        }
        scanned = length - start;
        return null;
    }

    private Line await(int at, int start) {
        scanned = at - start;
        return null;
    }

    private Line line(int contentEnd, int end, boolean endOfData) {
        scanned = 0;
        return new Line(contentEnd, end, endOfData);
    }
}
