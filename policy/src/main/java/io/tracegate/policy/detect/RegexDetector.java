package io.tracegate.policy.detect;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.Objects;

/**
 * A detector defined in the policy file by a regular expression. Compiled with RE2J, whose
 * automaton runs in time linear in the text whatever the pattern, so a careless pattern
 * cannot stall the gateway on hostile input. Matches run on the normalised text; empty
 * matches are ignored.
 */
final class RegexDetector implements Detector {
    private final String type;
    private final Pattern pattern;

    RegexDetector(String type, String regex) {
        this.type = Objects.requireNonNull(type, "type");
        try {
            this.pattern = Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("custom detector '" + type + "': invalid pattern: " + e.getDescription(), e);
        }
    }

    @Override
    public String type() {
        return type;
    }

    @Override
    public boolean masked() {
        return true;
    }

    /** The policy author asked for exactly this shape, so it wins over any built-in guess. */
    @Override
    public int specificity() {
        return 110;
    }

    @Override
    public void scan(ScanText text, FindingSink sink) {
        Matcher m = pattern.matcher(text.text());
        while (m.find()) {
            if (m.end() > m.start()) {
                sink.found(m.start(), m.end());
            }
        }
    }
}
