package io.tracegate.protocol.message;

import io.netty.buffer.ByteBuf;
import io.tracegate.protocol.codec.PgBuffers;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The server's authentication requests and results ('R'), told apart by an int32 code. */
public sealed interface Authentication extends BackendMessage {

    int OK = 0;
    int CLEARTEXT_PASSWORD = 3;
    int MD5_PASSWORD = 5;
    int SASL = 10;
    int SASL_CONTINUE = 11;
    int SASL_FINAL = 12;

    static Authentication decode(ByteBuf body) {
        int code = body.readInt();
        return switch (code) {
            case OK -> Ok.INSTANCE;
            case CLEARTEXT_PASSWORD -> CleartextPassword.INSTANCE;
            case MD5_PASSWORD -> {
                byte[] salt = new byte[4];
                body.readBytes(salt);
                yield new Md5Password(salt);
            }
            case SASL -> {
                List<String> mechanisms = new ArrayList<>();
                for (String name = PgBuffers.readCString(body); !name.isEmpty(); name = PgBuffers.readCString(body)) {
                    mechanisms.add(name);
                }
                yield new Sasl(mechanisms);
            }
            case SASL_CONTINUE -> new SaslContinue(rest(body));
            case SASL_FINAL -> new SaslFinal(rest(body));
            default -> new Unsupported(code);
        };
    }

    private static byte[] rest(ByteBuf body) {
        byte[] data = new byte[body.readableBytes()];
        body.readBytes(data);
        return data;
    }

    private static void writeHeader(ByteBuf out, int bodyLength, int code) {
        out.writeByte('R').writeInt(8 + bodyLength).writeInt(code);
    }

    /** AuthenticationOk: the client is in. */
    record Ok() implements Authentication {
        public static final Ok INSTANCE = new Ok();

        @Override
        public void encode(ByteBuf out) {
            writeHeader(out, 0, OK);
        }
    }

    /** AuthenticationCleartextPassword. */
    record CleartextPassword() implements Authentication {
        public static final CleartextPassword INSTANCE = new CleartextPassword();

        @Override
        public void encode(ByteBuf out) {
            writeHeader(out, 0, CLEARTEXT_PASSWORD);
        }
    }

    /** AuthenticationMD5Password with its 4-byte salt. */
    record Md5Password(byte[] salt) implements Authentication {
        public Md5Password {
            salt = salt.clone();
        }

        @Override
        public byte[] salt() {
            return salt.clone();
        }

        @Override
        public void encode(ByteBuf out) {
            writeHeader(out, 4, MD5_PASSWORD);
            out.writeBytes(salt);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Md5Password other && Arrays.equals(other.salt, salt);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(salt);
        }

        @Override
        public String toString() {
            return "Md5Password[]";
        }
    }

    /** AuthenticationSASL: the mechanisms the server offers. */
    record Sasl(List<String> mechanisms) implements Authentication {
        public Sasl {
            mechanisms = List.copyOf(mechanisms);
        }

        @Override
        public void encode(ByteBuf out) {
            int lengthIndex = PgBuffers.beginMessage(out, 'R');
            out.writeInt(SASL);
            for (String mechanism : mechanisms) {
                PgBuffers.writeCString(out, mechanism);
            }
            out.writeByte(0);
            PgBuffers.endMessage(out, lengthIndex);
        }
    }

    /** AuthenticationSASLContinue: server-first-message. */
    record SaslContinue(byte[] data) implements Authentication {
        public SaslContinue {
            data = data.clone();
        }

        @Override
        public byte[] data() {
            return data.clone();
        }

        @Override
        public void encode(ByteBuf out) {
            writeHeader(out, data.length, SASL_CONTINUE);
            out.writeBytes(data);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof SaslContinue other && Arrays.equals(other.data, data);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return "SaslContinue[(" + data.length + " bytes)]";
        }
    }

    /** AuthenticationSASLFinal: server-final-message with the server signature. */
    record SaslFinal(byte[] data) implements Authentication {
        public SaslFinal {
            data = data.clone();
        }

        @Override
        public byte[] data() {
            return data.clone();
        }

        @Override
        public void encode(ByteBuf out) {
            writeHeader(out, data.length, SASL_FINAL);
            out.writeBytes(data);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof SaslFinal other && Arrays.equals(other.data, data);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return "SaslFinal[(" + data.length + " bytes)]";
        }
    }

    /** Kerberos, GSS, SSPI and any future method: the gateway does not speak them upstream. */
    record Unsupported(int code) implements Authentication {
        @Override
        public void encode(ByteBuf out) {
            writeHeader(out, 0, code);
        }
    }
}
