package io.tracegate.protocol.message;

import io.netty.buffer.ByteBuf;
import io.tracegate.protocol.codec.PgBuffers;
import io.tracegate.protocol.codec.PgProtocolException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The first message of a session: protocol version and parameters such as {@code user},
 * {@code database}, {@code application_name}. Parameters keep the order the client sent.
 */
public record StartupMessage(int protocolVersion, Map<String, String> parameters) implements FrontendMessage {

    /** Protocol 3.0, the version every current client and server speaks. */
    public static final int PROTOCOL_3_0 = 196608;

    public StartupMessage {
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    public int majorVersion() {
        return protocolVersion >>> 16;
    }

    public int minorVersion() {
        return protocolVersion & 0xFFFF;
    }

    public String parameter(String name) {
        return parameters.get(name);
    }

    /** Decodes the body after the length word and version code. */
    public static StartupMessage decode(int protocolVersion, ByteBuf body) {
        Map<String, String> parameters = new LinkedHashMap<>();
        while (true) {
            if (!body.isReadable()) {
                throw new PgProtocolException("08P01", "startup packet is missing its final terminator");
            }
            String name = PgBuffers.readCString(body);
            if (name.isEmpty()) {
                break;
            }
            parameters.put(name, PgBuffers.readCString(body));
        }
        PgBuffers.requireFullyRead(body, "StartupMessage");
        return new StartupMessage(protocolVersion, parameters);
    }

    @Override
    public void encode(ByteBuf out) {
        int lengthIndex = out.writerIndex();
        out.writeInt(0);
        out.writeInt(protocolVersion);
        parameters.forEach((name, value) -> {
            PgBuffers.writeCString(out, name);
            PgBuffers.writeCString(out, value);
        });
        out.writeByte(0);
        out.setInt(lengthIndex, out.writerIndex() - lengthIndex);
    }
}
