package io.tracegate.policy.copy;

/**
 * Finds where each line of COPY data ends, as PostgreSQL's {@code CopyReadLineText} does, over a
 * buffer that grows chunk by chunk. A "line" is a logical row: in CSV a quoted field may hold
 * newlines. The scanner remembers how far it got in an unfinished line (and, for CSV, whether it
 * is inside quotes), so every character is looked at once however the data is chunked.
 */
sealed interface LineScanner permits TextLineScanner, CsvLineScanner {

    /**
     * Scans the line starting at {@code start}.
     *
     * @param data  the buffered data; characters before {@code start} belong to earlier lines
     * @param atEnd whether no more data will come (CopyDone): the last line may lack a newline
     * @return the line, or null when the buffer holds no complete line yet (or nothing, at the end)
     */
    Line next(CharSequence data, int start, boolean atEnd);

    /**
     * One line.
     *
     * @param contentEnd where the row's content ends: before the newline, or before the
     *                   end-of-data marker {@code \.}
     * @param end        just after the line's newline (or marker and its newline)
     * @param endOfData  the line ends with the end-of-data marker {@code \.}
     */
    record Line(int contentEnd, int end, boolean endOfData) {
    }
}
