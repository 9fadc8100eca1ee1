package io.tracegate.policy.copy;

/**
 * A field of COPY data that cannot be read or written back faithfully. The row masker turns it
 * into a {@link CopyDataRejectedException} naming the row and column.
 */
final class FieldFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int field;

    /**
     * @param field  0-based position of the field within its row
     * @param reason what is wrong, without the field's text
     */
    FieldFormatException(int field, String reason) {
        super(reason, null, false, false);
        this.field = field;
    }

    int field() {
        return field;
    }
}
