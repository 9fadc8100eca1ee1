package io.tracegate.policy.config;

import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Resolves <code>${env:NAME}</code> and <code>${env:NAME:-default}</code> in a scalar. As in the
 * shell, the default applies when the variable is unset or empty; a default ends at the first
 * closing brace. <code>$${env:</code> stands for a literal <code>${env:</code>. Nothing else with a
 * dollar sign is touched, so SCRAM verifiers and regular expressions pass through unchanged.
 */
final class Placeholders {
    private static final String OPEN = "${env:";
    private static final String ESCAPED_OPEN = "$" + OPEN;
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private Placeholders() {
    }

    /**
     * The text with every placeholder replaced.
     *
     * @throws IllegalArgumentException with a message for the user when a placeholder is malformed
     *                                  or names an unset variable without a default
     */
    static String resolve(String text, Function<String, Optional<String>> environment) {
        if (!text.contains(OPEN)) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            if (text.startsWith(ESCAPED_OPEN, i)) {
                out.append(OPEN);
                i += ESCAPED_OPEN.length();
            } else if (text.startsWith(OPEN, i)) {
                int close = text.indexOf('}', i);
                if (close < 0) {
                    throw new IllegalArgumentException("placeholder '" + text.substring(i) + "' has no closing '}'");
                }
                out.append(lookUp(text.substring(i + OPEN.length(), close), environment));
                i = close + 1;
            } else {
                out.append(text.charAt(i));
                i++;
            }
        }
        return out.toString();
    }

    private static String lookUp(String body, Function<String, Optional<String>> environment) {
        int cut = body.indexOf(":-");
        String name = cut < 0 ? body : body.substring(0, cut);
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("'${env:" + body + "}' is not a valid placeholder;"
                    + " write ${env:NAME} or ${env:NAME:-default}");
        }
        Optional<String> value = environment.apply(name);
        if (cut >= 0) {
            return value.filter(v -> !v.isEmpty()).orElse(body.substring(cut + 2));
        }
        return value.orElseThrow(() -> new IllegalArgumentException("environment variable " + name
                + " is not set (write ${env:" + name + ":-default} to give a default)"));
    }
}
