package io.tracegate.policy.copy;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Fields of text-format COPY data. A backslash escapes the next character: {@code \b \f \n \r
 * \t \v} are control characters, {@code \}<i>ooo</i> (one to three octal digits) and
 * {@code \x}<i>hh</i> (one or two hex digits) are bytes, and a backslash before anything else
 * stands for that character, so {@code \\} is a backslash and backslash-delimiter a delimiter.
 * A field is NULL when its raw, undecoded text is the NULL marker: {@code \N} is NULL but
 * {@code \\N} is the two characters {@code \N}.
 *
 * <p>Escaped bytes are bytes in the server encoding, assumed UTF-8 here: {@code \303\251} is
 * {@code é}. A protected field whose escapes decode to bytes that are not UTF-8 (or to a NUL,
 * which no PostgreSQL text can hold) is refused; the server would fail the COPY on it anyway.
 * Not thread-safe (one decoder per instance), like the masker that owns it.
 */
final class TextFieldCodec implements FieldCodec {
    private static final char[] OCTAL_DIGITS = "01234567".toCharArray();

    private final char delimiter;
    private final String nullString;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    /** Bytes from consecutive escapes, decoded together since they may form one character. */
    private byte[] escaped = new byte[16];
    private int escapedLength;

    TextFieldCodec(char delimiter, String nullString) {
        this.delimiter = delimiter;
        this.nullString = nullString;
    }

    @Override
    public void split(String row, int start, int end, int limit, FieldSpans into) {
        into.clear();
        int i = start;
        while (true) {
            int fieldStart = i;
            int fieldEnd;
            boolean foundDelimiter = false;
            boolean plain = true;
            while (true) {
                fieldEnd = i;
                if (i >= end) {
                    break;
                }
                char c = row.charAt(i++);
                if (c == delimiter) {
                    foundDelimiter = true;
                    break;
                }
                if (c == '\\') {
                    plain = false;
                    if (i >= end) {
                        // A backslash at the very end is not part of the field: the server drops it.
                        break;
                    }
                    // Octal and hex digits after it are never the delimiter, which cannot be a
                    // letter or digit in text format, so skipping one character is enough.
                    i++;
                }
            }
            into.add(fieldStart, fieldEnd, FieldSpans.rawEquals(row, fieldStart, fieldEnd, nullString), plain);
            if (!foundDelimiter || into.count() >= limit) {
                return;
            }
        }
    }

    @Override
    public String decode(String row, int start, int end, int field) throws FieldFormatException {
        StringBuilder value = new StringBuilder(end - start);
        escapedLength = 0;
        int i = start;
        while (i < end) {
            char c = row.charAt(i++);
            if (c != '\\') {
                flushEscaped(value, field);
                value.append(c);
                continue;
            }
            if (i >= end) {
                break;
            }
            c = row.charAt(i++);
            if (c >= '0' && c <= '7') {
                int byteValue = c - '0';
                for (int digits = 1; digits < 3 && i < end && isOctal(row.charAt(i)); digits++) {
                    byteValue = (byteValue << 3) + row.charAt(i++) - '0';
                }
                addEscaped(byteValue & 0xFF);
            } else if (c == 'x' && i < end && hexValue(row.charAt(i)) >= 0) {
                int byteValue = hexValue(row.charAt(i++));
                if (i < end && hexValue(row.charAt(i)) >= 0) {
                    byteValue = (byteValue << 4) + hexValue(row.charAt(i++));
                }
                addEscaped(byteValue);
            } else {
                flushEscaped(value, field);
                value.append(control(c));
            }
        }
        flushEscaped(value, field);
        return value.toString();
    }

    /**
     * Escapes what COPY TO escapes (backslash, the delimiter, and {@code \b \f \n \r \t \v}), so
     * no character of the value can end the field or the row. A value whose raw form would equal
     * the NULL marker gets its first character spelled in octal instead.
     */
    @Override
    public String encode(String value, int field) throws FieldFormatException {
        String raw = escape(value, 0);
        if (!raw.equals(nullString)) {
            return raw;
        }
        if (value.isEmpty()) {
            throw new FieldFormatException(field, "the masked value is empty, which this COPY's NULL marker spells");
        }
        int first = Character.charCount(value.codePointAt(0));
        StringBuilder octal = new StringBuilder(raw.length() + 12);
        for (byte b : value.substring(0, first).getBytes(StandardCharsets.UTF_8)) {
            int u = b & 0xFF;
            octal.append('\\').append(OCTAL_DIGITS[u >> 6]).append(OCTAL_DIGITS[(u >> 3) & 7]).append(OCTAL_DIGITS[u & 7]);
        }
        return octal.append(escape(value, first)).toString();
    }

    /** {@code value} from {@code from} on, escaped; the very string when nothing needs it. */
    private String escape(String value, int from) {
        StringBuilder raw = null;
        int copied = from;
        for (int i = from; i < value.length(); i++) {
            char c = value.charAt(i);
            if (needsEscape(c)) {
                if (raw == null) {
                    raw = new StringBuilder(value.length() - from + 16);
                }
                raw.append(value, copied, i);
                appendEscaped(raw, c);
                copied = i + 1;
            }
        }
        if (raw == null) {
            return from == 0 ? value : value.substring(from);
        }
        return raw.append(value, copied, value.length()).toString();
    }

    /** The delimiter, backslash, and \b \t \n \v \f \r, which are 8 to 13. */
    private boolean needsEscape(char c) {
        return c == delimiter || c == '\\' || (c >= '\b' && c <= '\r');
    }

    private void appendEscaped(StringBuilder raw, char c) {
        switch (c) {
            case '\\' -> raw.append("\\\\");
            case '\b' -> raw.append("\\b");
            case '\f' -> raw.append("\\f");
            case '\n' -> raw.append("\\n");
            case '\r' -> raw.append("\\r");
            case '\t' -> raw.append("\\t");
            case '\u000B' -> raw.append("\\v");
            default -> {
                if (c == delimiter) {
                    raw.append('\\');
                }
                raw.append(c);
            }
        }
    }

    /** The character {@code \\c} stands for, when it is not a byte escape. */
    private static char control(char c) {
        return switch (c) {
            case 'b' -> '\b';
            case 'f' -> '\f';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case 'v' -> '\u000B';
            default -> c;
        };
    }

    private static boolean isOctal(char c) {
        return c >= '0' && c <= '7';
    }

    /** ASCII hex digits only, as C's {@code isxdigit}. */
    private static int hexValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    private void addEscaped(int b) {
        if (escapedLength == escaped.length) {
            escaped = Arrays.copyOf(escaped, escapedLength * 2);
        }
        escaped[escapedLength++] = (byte) b;
    }

    private void flushEscaped(StringBuilder value, int field) throws FieldFormatException {
        if (escapedLength == 0) {
            return;
        }
        for (int i = 0; i < escapedLength; i++) {
            if (escaped[i] == 0) {
                throw new FieldFormatException(field, "an escape in the field stands for a NUL byte");
            }
        }
        try {
            value.append(utf8.reset().decode(ByteBuffer.wrap(escaped, 0, escapedLength)));
        } catch (CharacterCodingException e) {
            throw new FieldFormatException(field, "escapes in the field decode to bytes that are not valid UTF-8");
        } finally {
            escapedLength = 0;
        }
    }
}
