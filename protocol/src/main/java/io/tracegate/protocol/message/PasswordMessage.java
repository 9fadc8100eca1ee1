package io.tracegate.protocol.message;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.tracegate.protocol.codec.PgBuffers;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A client's authentication reply ('p'). The same type byte carries a password,
 * SASLInitialResponse, SASLResponse or GSSResponse; which one depends on what the server asked,
 * so the payload is kept raw and read through the accessor that fits.
 */
public record PasswordMessage(byte[] payload) implements FrontendMessage {

    public PasswordMessage {
        payload = payload.clone();
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    public static PasswordMessage decode(ByteBuf body) {
        byte[] payload = new byte[body.readableBytes()];
        body.readBytes(payload);
        return new PasswordMessage(payload);
    }

    /** A cleartext or md5 PasswordMessage: NUL-terminated text. */
    public static PasswordMessage password(String password) {
        byte[] text = password.getBytes(StandardCharsets.UTF_8);
        return new PasswordMessage(Arrays.copyOf(text, text.length + 1));
    }

    /** SASLInitialResponse: mechanism name, then int32 length and the client-first message. */
    public static PasswordMessage saslInitialResponse(String mechanism, byte[] initialResponse) {
        ByteBuf buf = Unpooled.buffer();
        PgBuffers.writeCString(buf, mechanism);
        PgBuffers.writeLengthPrefixed(buf, initialResponse);
        byte[] payload = new byte[buf.readableBytes()];
        buf.readBytes(payload);
        return new PasswordMessage(payload);
    }

    /** SASLResponse: the raw SASL data. */
    public static PasswordMessage saslResponse(byte[] data) {
        return new PasswordMessage(data);
    }

    public String asPassword() {
        int end = payload.length > 0 && payload[payload.length - 1] == 0 ? payload.length - 1 : payload.length;
        return new String(payload, 0, end, StandardCharsets.UTF_8);
    }

    /** Reads this payload as a SASLInitialResponse. */
    public SaslInitialResponse asSaslInitialResponse() {
        ByteBuf buf = Unpooled.wrappedBuffer(payload);
        String mechanism = PgBuffers.readCString(buf);
        byte[] data = PgBuffers.readLengthPrefixed(buf);
        return new SaslInitialResponse(mechanism, data == null ? new byte[0] : data);
    }

    /** The parts of a SASLInitialResponse. */
    public record SaslInitialResponse(String mechanism, byte[] data) {
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeByte('p').writeInt(4 + payload.length).writeBytes(payload);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PasswordMessage other && Arrays.equals(other.payload, payload);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "PasswordMessage[(" + payload.length + " bytes)]";
    }
}
