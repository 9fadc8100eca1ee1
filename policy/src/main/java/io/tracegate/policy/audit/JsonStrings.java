package io.tracegate.policy.audit;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.UTF8JsonGenerator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes long strings (a statement's text: 4 KB and more for a trace) into a UTF-8 JSON
 * generator a run at a time. Jackson escapes char by char as it copies; here the string is
 * encoded by the JDK in one go (a plain copy for ASCII text), and only the bytes that need an
 * escape are looked at before the runs between them are copied whole. The escapes are the ones
 * Jackson writes ({@code \"}, {@code \\}, {@code \n}-style short forms, <code>&#92;u00XX</code> for the
 * other control characters), so either path gives the same bytes for any well-formed string
 * (an unpaired surrogate, which no decoded message holds, becomes {@code ?} here).
 */
final class JsonStrings {

    /** Shorter strings go through Jackson: the fast path only pays off on long ones. */
    static final int LONG = 512;

    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    /**
     * Per byte value: 0 = written as it is, -1 = <code>&#92;u00XX</code>, 1 = left to Jackson (the
     * lead byte of a character outside the BMP, which Jackson writes as an escaped surrogate
     * pair), else the letter after a backslash.
     */
    private static final byte[] ESCAPES = new byte[256];
    private static final byte TO_JACKSON = 1;

    static {
        for (int c = 0; c < 0x20; c++) {
            ESCAPES[c] = -1;
        }
        ESCAPES['\b'] = 'b';
        ESCAPES['\t'] = 't';
        ESCAPES['\n'] = 'n';
        ESCAPES['\f'] = 'f';
        ESCAPES['\r'] = 'r';
        ESCAPES['"'] = '"';
        ESCAPES['\\'] = '\\';
        for (int lead = 0xF0; lead <= 0xFF; lead++) {
            ESCAPES[lead] = TO_JACKSON;
        }
    }

    private JsonStrings() {
    }

    /** Writes {@code text} as a JSON string value, as {@link JsonGenerator#writeString(String)} would. */
    static void writeString(JsonGenerator json, String text) throws IOException {
        if (text.length() < LONG || !(json instanceof UTF8JsonGenerator)) {
            json.writeString(text);
            return;
        }
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        int first = nextEscape(utf8, 0);
        if (first == utf8.length) {
            // Nothing to escape: the bytes are the string's JSON form.
            json.writeRawUTF8String(utf8, 0, utf8.length);
            return;
        }
        byte[] out = new byte[utf8.length + 64];
        int length = 0;
        int from = 0;
        for (int at = first; at < utf8.length; at = nextEscape(utf8, from)) {
            if (ESCAPES[utf8[at] & 0xFF] == TO_JACKSON) {
                json.writeString(text);
                return;
            }
            int run = at - from;
            if (out.length - length < run + 6) {
                out = Arrays.copyOf(out, Math.max(out.length * 2, length + run + 6));
            }
            System.arraycopy(utf8, from, out, length, run);
            length += run;
            length = escape(utf8[at], out, length);
            from = at + 1;
        }
        int rest = utf8.length - from;
        if (out.length - length < rest) {
            out = Arrays.copyOf(out, length + rest);
        }
        System.arraycopy(utf8, from, out, length, rest);
        json.writeRawUTF8String(out, 0, length + rest);
    }

    /** The index of the first byte from {@code from} on that needs an escape; the length when none does. */
    private static int nextEscape(byte[] utf8, int from) {
        for (int i = from; i < utf8.length; i++) {
            if (ESCAPES[utf8[i] & 0xFF] != 0) {
                return i;
            }
        }
        return utf8.length;
    }

    private static int escape(byte b, byte[] out, int at) {
        byte kind = ESCAPES[b & 0xFF];
        out[at++] = '\\';
        if (kind != -1) {
            out[at++] = kind;
            return at;
        }
        out[at++] = 'u';
        out[at++] = '0';
        out[at++] = '0';
        out[at++] = HEX[(b >> 4) & 0xF];
        out[at++] = HEX[b & 0xF];
        return at;
    }
}
