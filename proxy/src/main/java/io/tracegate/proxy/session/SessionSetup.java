package io.tracegate.proxy.session;

import io.tracegate.protocol.message.StartupMessage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a client's startup parameters into the statement that gives a pooled, already
 * logged-in upstream connection the same session settings a direct connection would have.
 *
 * <p>The values go through {@code set_config()}, not {@code SET name TO 'value'}: set_config
 * takes the value as raw text, exactly as the server takes a startup parameter, whereas SET
 * with one string literal turns a list setting such as {@code search_path=a,b} into the single
 * quoted element {@code "a,b"}.
 */
final class SessionSetup {

    /** Parameters that describe the connection itself rather than a setting. */
    private static final Set<String> NOT_SETTINGS = Set.of("user", "database", "replication", "options");

    private SessionSetup() {
    }

    /** One SELECT of set_config calls, or an empty string when the connection already matches. */
    static String statements(StartupMessage startup, Map<String, String> upstreamParameters) {
        Map<String, String> wanted = new LinkedHashMap<>();
        startup.parameters().forEach((name, value) -> {
            if (!NOT_SETTINGS.contains(name) && !name.startsWith("_pq_.")) {
                wanted.put(name, value);
            }
        });
        String options = startup.parameter("options");
        if (options != null) {
            wanted.putAll(commandLineSettings(options));
        }
        List<String> calls = new ArrayList<>();
        wanted.forEach((name, value) -> {
            if (!value.equals(upstreamParameters.get(name))) {
                calls.add("pg_catalog.set_config(" + quoteLiteral(name) + ", " + quoteLiteral(value) + ", false)");
            }
        });
        return calls.isEmpty() ? "" : "SELECT " + String.join(", ", calls);
    }

    /** Reads {@code -c name=value} and {@code --name=value} from the startup {@code options} string. */
    static Map<String, String> commandLineSettings(String options) {
        List<String> words = splitWords(options);
        Map<String, String> settings = new LinkedHashMap<>();
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            String assignment = null;
            if (word.equals("-c") && i + 1 < words.size()) {
                assignment = words.get(++i);
            } else if (word.startsWith("-c")) {
                assignment = word.substring(2);
            } else if (word.startsWith("--")) {
                assignment = word.substring(2);
            }
            int eq = assignment == null ? -1 : assignment.indexOf('=');
            if (eq > 0) {
                settings.put(assignment.substring(0, eq).replace('-', '_'), assignment.substring(eq + 1));
            }
        }
        return settings;
    }

    /** Whitespace separates words; a backslash makes the next character literal (libpq's rule). */
    private static List<String> splitWords(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                word.append(text.charAt(++i));
            } else if (Character.isWhitespace(c)) {
                if (word.length() > 0) {
                    words.add(word.toString());
                    word.setLength(0);
                }
            } else {
                word.append(c);
            }
        }
        if (word.length() > 0) {
            words.add(word.toString());
        }
        return words;
    }

    /** An E'' literal reads the same whatever standard_conforming_strings says. */
    static String quoteLiteral(String value) {
        return "E'" + value.replace("\\", "\\\\").replace("'", "''") + "'";
    }
}
