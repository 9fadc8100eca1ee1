package io.tracegate.protocol.auth;

import java.nio.charset.StandardCharsets;

/**
 * Reads the comma-separated {@code name=value} attributes of a SCRAM message, with the same
 * leniency and the same errors as PostgreSQL's {@code read_attr_value} and {@code read_any_attr}.
 *
 * <p>Messages are read as ISO-8859-1, one char per byte, so any slice turns back into exactly
 * the bytes the peer sent: AuthMessage must be built from those bytes, not from a re-encoding of
 * whatever a lenient UTF-8 decoder made of them.
 */
final class ScramMessageReader {

    /** One attribute: its one-letter name and its value. */
    record Attribute(char name, String value) {
    }

    private final String message;
    private int position;

    private ScramMessageReader(String message) {
        this.message = message;
    }

    /** A reader over {@code bytes}; refuses what PostgreSQL refuses before parsing at all. */
    static ScramMessageReader of(byte[] bytes, String messageName) {
        if (bytes.length == 0) {
            throw new ScramException("malformed SCRAM message: empty " + messageName);
        }
        for (byte b : bytes) {
            if (b == 0) {
                throw new ScramException("malformed SCRAM message: " + messageName + " contains a null byte");
            }
        }
        return new ScramMessageReader(new String(bytes, StandardCharsets.ISO_8859_1));
    }

    int position() {
        return position;
    }

    boolean atEnd() {
        return position >= message.length();
    }

    /** The next char, or {@code 0} at the end (a message holds no NUL). */
    char peek() {
        return atEnd() ? 0 : message.charAt(position);
    }

    void skip() {
        position++;
    }

    /** {@code message[from, to)} as the exact bytes received. */
    byte[] bytes(int from, int to) {
        return message.substring(from, to).getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Reads {@code name=value} and the comma after it, if any. */
    String read(char name) {
        if (peek() != name) {
            throw new ScramException("malformed SCRAM message: expected attribute \"" + name + "\" but found "
                    + describeNext());
        }
        position++;
        return readValue(name);
    }

    /** Reads whichever attribute comes next; its name must be a letter. */
    Attribute readAny() {
        char name = peek();
        if (!((name >= 'a' && name <= 'z') || (name >= 'A' && name <= 'Z'))) {
            throw new ScramException("malformed SCRAM message: attribute expected, but found " + describeNext());
        }
        position++;
        return new Attribute(name, readValue(name));
    }

    private String readValue(char name) {
        if (peek() != '=') {
            throw new ScramException("malformed SCRAM message: expected character \"=\" for attribute \"" + name + "\"");
        }
        position++;
        int end = message.indexOf(',', position);
        if (end < 0) {
            end = message.length();
        }
        String value = message.substring(position, end);
        position = Math.min(end + 1, message.length());
        return value;
    }

    private String describeNext() {
        return atEnd() ? "end of message" : String.format("character 0x%02x", (int) peek());
    }
}
