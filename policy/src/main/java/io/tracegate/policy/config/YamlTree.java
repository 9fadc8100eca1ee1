package io.tracegate.policy.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads YAML text into a {@link YamlNode} tree with Jackson's streaming YAML parser, which reports
 * a location per token. Duplicate keys and aliases are reported as errors: both would let a file
 * say something other than what a reader of it sees.
 */
final class YamlTree {
    private static final YAMLFactory FACTORY = new YAMLFactory();

    private final ReadContext context;

    private YamlTree(ReadContext context) {
        this.context = context;
    }

    /** The root node, or empty when the text is not readable YAML (the error is in the context). */
    static Optional<YamlNode> parse(String text, ReadContext context) {
        YamlTree tree = new YamlTree(context);
        try (YAMLParser parser = FACTORY.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                context.error("", 1, "the file is empty");
                return Optional.empty();
            }
            YamlNode root = tree.read(parser, "");
            if (parser.nextToken() != null) {
                context.error("", line(parser), "a second YAML document starts here; only one is allowed");
                return Optional.empty();
            }
            return Optional.of(root);
        } catch (JsonProcessingException e) {
            context.error("", e.getLocation() == null ? 1 : Math.max(1, e.getLocation().getLineNr()),
                    "not valid YAML: " + firstLine(e.getOriginalMessage()));
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("reading YAML from a string", e);
        }
    }

    private YamlNode read(YAMLParser parser, String key) throws IOException {
        int line = line(parser);
        JsonToken token = parser.currentToken();
        if (parser.isCurrentAlias()) {
            context.error(key, line, "YAML aliases (*" + parser.getText() + ") are not supported; write the value out");
            return new YamlNode.Null(line);
        }
        switch (token) {
            case START_OBJECT:
                return readMapping(parser, key, line);
            case START_ARRAY:
                return readSequence(parser, key, line);
            case VALUE_NULL:
                return new YamlNode.Null(line);
            default:
                return new YamlNode.Scalar(parser.getText(), line);
        }
    }

    private YamlNode readMapping(YAMLParser parser, String key, int line) throws IOException {
        List<YamlNode.Entry> entries = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            int keyLine = line(parser);
            String childKey = key.isEmpty() ? name : key + "." + name;
            parser.nextToken();
            YamlNode value = read(parser, childKey);
            Integer earlier = seen.putIfAbsent(name, keyLine);
            if (earlier != null) {
                context.error(childKey, keyLine, "duplicate key; it is already set at line " + earlier);
            } else {
                entries.add(new YamlNode.Entry(name, keyLine, value));
            }
        }
        return new YamlNode.Mapping(entries, line);
    }

    private YamlNode readSequence(YAMLParser parser, String key, int line) throws IOException {
        List<YamlNode> items = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            items.add(read(parser, key + "[" + items.size() + "]"));
        }
        return new YamlNode.Sequence(items, line);
    }

    private static int line(YAMLParser parser) {
        JsonLocation location = parser.currentTokenLocation();
        return Math.max(1, location.getLineNr());
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "syntax error";
        }
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).strip();
    }
}
