package io.tracegate.protocol.message;

import io.netty.buffer.ByteBuf;
import io.tracegate.protocol.codec.PgBuffers;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The typed fields shared by ErrorResponse and NoticeResponse ('S' severity, 'C' SQLSTATE, 'M' message, ...). */
public final class NoticeFields {

    public static final char SEVERITY = 'S';
    public static final char SEVERITY_NON_LOCALIZED = 'V';
    public static final char CODE = 'C';
    public static final char MESSAGE = 'M';
    public static final char DETAIL = 'D';
    public static final char HINT = 'H';

    private NoticeFields() {
    }

    static Map<Character, String> decode(ByteBuf body) {
        Map<Character, String> fields = new LinkedHashMap<>();
        while (body.isReadable()) {
            byte type = body.readByte();
            if (type == 0) {
                break;
            }
            fields.put((char) type, PgBuffers.readCString(body));
        }
        return Collections.unmodifiableMap(fields);
    }

    static void encode(ByteBuf out, char messageType, Map<Character, String> fields) {
        int lengthIndex = PgBuffers.beginMessage(out, messageType);
        fields.forEach((type, value) -> {
            out.writeByte(type);
            PgBuffers.writeCString(out, value);
        });
        out.writeByte(0);
        PgBuffers.endMessage(out, lengthIndex);
    }

    static Map<Character, String> of(String severity, String sqlState, String message, String detail) {
        Map<Character, String> fields = new LinkedHashMap<>();
        fields.put(SEVERITY, severity);
        fields.put(SEVERITY_NON_LOCALIZED, severity);
        fields.put(CODE, sqlState);
        fields.put(MESSAGE, message);
        if (detail != null && !detail.isEmpty()) {
            fields.put(DETAIL, detail);
        }
        return Collections.unmodifiableMap(fields);
    }
}
