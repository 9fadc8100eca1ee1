package io.tracegate.protocol.message;

import io.netty.buffer.ByteBuf;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** A notice (warning, info) the client shows; it can arrive at any time. */
public record NoticeResponse(Map<Character, String> fields) implements BackendMessage {

    public NoticeResponse {
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    public static NoticeResponse of(String severity, String sqlState, String message, String detail) {
        return new NoticeResponse(NoticeFields.of(severity, sqlState, message, detail));
    }

    public static NoticeResponse decode(ByteBuf body) {
        return new NoticeResponse(NoticeFields.decode(body));
    }

    public String message() {
        return fields.get(NoticeFields.MESSAGE);
    }

    @Override
    public void encode(ByteBuf out) {
        NoticeFields.encode(out, 'N', fields);
    }
}
