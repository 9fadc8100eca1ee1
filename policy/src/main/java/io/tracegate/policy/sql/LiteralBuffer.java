package io.tracegate.policy.sql;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Collects a literal's decoded value. Octal and hex escapes ({@code E'\303\251'}) produce raw bytes
 * in the server encoding, which the server then checks as a whole; consecutive raw bytes are kept
 * apart and decoded strictly as UTF-8 (the gateway assumes a UTF-8 server encoding). A raw byte run
 * can only be valid on its own: ordinary characters never start with a UTF-8 continuation byte.
 */
final class LiteralBuffer {
    private final StringBuilder chars;
    private byte[] raw;
    private int rawLength;

    LiteralBuffer(int expectedLength) {
        chars = new StringBuilder(expectedLength);
    }

    void append(char c) {
        flushRaw();
        chars.append(c);
    }

    void append(CharSequence text, int from, int to) {
        flushRaw();
        if (to - from > 32) {
            // StringBuilder.append(CharSequence, int, int) copies a char at a time; a substring
            // and append(String) are two array copies, which matters for kilobyte constants.
            chars.append(text.subSequence(from, to));
        } else {
            chars.append(text, from, to);
        }
    }

    void appendCodePoint(int codePoint) {
        flushRaw();
        chars.appendCodePoint(codePoint);
    }

    void appendByte(int b) {
        if (b == 0) {
            throw new LexError("invalid byte sequence for encoding \"UTF8\": 0x00");
        }
        if (raw == null) {
            raw = new byte[8];
        } else if (rawLength == raw.length) {
            raw = java.util.Arrays.copyOf(raw, raw.length * 2);
        }
        raw[rawLength++] = (byte) b;
    }

    String finish() {
        flushRaw();
        return chars.toString();
    }

    private void flushRaw() {
        if (rawLength == 0) {
            return;
        }
        try {
            CharBuffer decoded = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw, 0, rawLength));
            chars.append(decoded);
        } catch (CharacterCodingException e) {
            throw new LexError("invalid byte sequence for encoding \"UTF8\"");
        }
        rawLength = 0;
    }
}
