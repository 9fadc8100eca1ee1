package io.tracegate.policy.copy;

/**
 * Reads and writes the fields of one row of a COPY format, as PostgreSQL's
 * {@code CopyReadAttributesText} / {@code CopyReadAttributesCSV} read them. Rows reach it without
 * their newline.
 */
sealed interface FieldCodec permits TextFieldCodec, CsvFieldCodec {

    /**
     * Splits {@code row[start, end)} into raw fields, at most {@code limit} of them (fields after
     * the last one looked at need not be found), and marks those that are the NULL marker.
     */
    void split(String row, int start, int end, int limit, FieldSpans into) throws FieldFormatException;

    /**
     * The value the server stores for the raw, non-NULL field {@code row[start, end)}; the
     * caller takes a plain field's raw text as it is.
     */
    String decode(String row, int start, int end, int field) throws FieldFormatException;

    /** A raw field the server decodes to exactly {@code value}, never to NULL. */
    String encode(String value, int field) throws FieldFormatException;
}
