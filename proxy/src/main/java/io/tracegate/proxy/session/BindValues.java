package io.tracegate.proxy.session;

import io.tracegate.protocol.message.Bind;
import java.nio.charset.Charset;
import java.util.Optional;

/**
 * Reads a Bind parameter as text and writes text back in the same wire form, for the types a
 * trace column can take: text-like types and json in either format, jsonb in binary (a version
 * byte, then the text). Anything else in binary cannot be inspected.
 */
final class BindValues {

    static final int UNSPECIFIED = 0;
    static final int TEXT = 25;
    static final int NAME = 19;
    static final int BPCHAR = 1042;
    static final int VARCHAR = 1043;
    static final int JSON = 114;
    static final int JSONB = 3802;
    static final int UNKNOWN = 705;

    private static final byte JSONB_VERSION = 1;

    private BindValues() {
    }

    /** The value as text (never called for SQL NULL), or empty when its binary form is not one the gateway can read. */
    static Optional<String> read(byte[] value, short format, int typeOid, Charset charset) {
        if (format == Bind.TEXT) {
            return Optional.of(new String(value, charset));
        }
        return switch (typeOid) {
            case TEXT, NAME, BPCHAR, VARCHAR, JSON, UNKNOWN -> Optional.of(new String(value, charset));
            case JSONB -> value.length > 0 && value[0] == JSONB_VERSION
                    ? Optional.of(new String(value, 1, value.length - 1, charset))
                    : Optional.empty();
            default -> Optional.empty();
        };
    }

    /** {@code text} encoded the way {@link #read} read it. */
    static byte[] write(String text, short format, int typeOid, Charset charset) {
        byte[] bytes = text.getBytes(charset);
        if (format != Bind.TEXT && typeOid == JSONB) {
            byte[] withVersion = new byte[bytes.length + 1];
            withVersion[0] = JSONB_VERSION;
            System.arraycopy(bytes, 0, withVersion, 1, bytes.length);
            return withVersion;
        }
        return bytes;
    }
}
