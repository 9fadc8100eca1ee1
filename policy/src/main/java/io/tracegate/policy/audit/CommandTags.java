package io.tracegate.policy.audit;

/**
 * Reads the row count out of a CommandComplete tag, for {@link AuditEvent#rowsAffected()}:
 * {@code INSERT 0 5} and {@code UPDATE 5}, {@code DELETE 5}, {@code SELECT 5}, {@code MERGE 5},
 * {@code MOVE 5}, {@code FETCH 5}, {@code COPY 5} all carry 5; tags without a count
 * ({@code CREATE TABLE}, {@code BEGIN}) carry none.
 */
public final class CommandTags {

    private CommandTags() {
    }

    /** The row count, or null when the tag has none. */
    public static Long rows(String tag) {
        if (tag == null) {
            return null;
        }
        int space = tag.lastIndexOf(' ');
        if (space < 0 || space == tag.length() - 1) {
            return null;
        }
        String verb = tag.substring(0, tag.indexOf(' '));
        switch (verb) {
            case "INSERT", "UPDATE", "DELETE", "SELECT", "MERGE", "MOVE", "FETCH", "COPY" -> {
                // counted
            }
            default -> {
                return null;
            }
        }
        String count = tag.substring(space + 1);
        if (!Character.isDigit(count.charAt(0))) {
            return null; // parseLong would take a sign
        }
        try {
            return Long.parseLong(count);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
