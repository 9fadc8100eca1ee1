package io.tracegate.it.holds;

import java.sql.SQLWarning;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the gateway's "statement held for approval ID" NOTICE as pgjdbc surfaces it: an SQLWarning. */
final class HeldNotices {

    private static final Pattern HELD = Pattern.compile("statement held for approval ([0-9a-f]+) under rule \"([^\"]+)\"");

    private HeldNotices() {
    }

    /** The approval ids named by held-for-approval notices in a warning chain, in order. */
    static List<String> approvalIds(SQLWarning chain) {
        List<String> ids = new ArrayList<>();
        for (SQLWarning warning = chain; warning != null; warning = warning.getNextWarning()) {
            Matcher matcher = HELD.matcher(String.valueOf(warning.getMessage()));
            if (matcher.find()) {
                ids.add(matcher.group(1));
            }
        }
        return ids;
    }
}
