package io.tracegate.protocol.message;

import io.netty.buffer.ByteBuf;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** An error: severity, SQLSTATE, message and optional detail/hint fields. */
public record ErrorResponse(Map<Character, String> fields) implements BackendMessage {

    public ErrorResponse {
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** An ERROR: the statement failed, the session goes on. */
    public static ErrorResponse error(String sqlState, String message, String detail) {
        return new ErrorResponse(NoticeFields.of("ERROR", sqlState, message, detail));
    }

    /** A FATAL error: the server closes the connection after sending it. */
    public static ErrorResponse fatal(String sqlState, String message) {
        return new ErrorResponse(NoticeFields.of("FATAL", sqlState, message, null));
    }

    public static ErrorResponse decode(ByteBuf body) {
        return new ErrorResponse(NoticeFields.decode(body));
    }

    public String severity() {
        return fields.getOrDefault(NoticeFields.SEVERITY_NON_LOCALIZED, fields.get(NoticeFields.SEVERITY));
    }

    public String sqlState() {
        return fields.get(NoticeFields.CODE);
    }

    public String message() {
        return fields.get(NoticeFields.MESSAGE);
    }

    public String detail() {
        return fields.get(NoticeFields.DETAIL);
    }

    @Override
    public void encode(ByteBuf out) {
        NoticeFields.encode(out, 'E', fields);
    }
}
