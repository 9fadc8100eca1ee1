package io.tracegate.protocol.message;

import io.netty.buffer.ByteBuf;
import io.tracegate.protocol.codec.PgProtocolException;

/** The server is ready for the next command; its status byte is the truth about the transaction. */
public record ReadyForQuery(TransactionStatus status) implements BackendMessage {

    public static final ReadyForQuery IDLE = new ReadyForQuery(TransactionStatus.IDLE);
    public static final ReadyForQuery IN_TRANSACTION = new ReadyForQuery(TransactionStatus.IN_TRANSACTION);
    public static final ReadyForQuery FAILED = new ReadyForQuery(TransactionStatus.FAILED);

    /** 'I', 'T' and 'E'. */
    public enum TransactionStatus {
        IDLE('I'), IN_TRANSACTION('T'), FAILED('E');

        private final char code;

        TransactionStatus(char code) {
            this.code = code;
        }

        public char code() {
            return code;
        }

        public static TransactionStatus of(byte code) {
            return switch (code) {
                case 'I' -> IDLE;
                case 'T' -> IN_TRANSACTION;
                case 'E' -> FAILED;
                default -> throw new PgProtocolException("08P01", "unknown transaction status " + code);
            };
        }
    }

    public static ReadyForQuery of(TransactionStatus status) {
        return switch (status) {
            case IDLE -> IDLE;
            case IN_TRANSACTION -> IN_TRANSACTION;
            case FAILED -> FAILED;
        };
    }

    public static ReadyForQuery decode(ByteBuf body) {
        return of(TransactionStatus.of(body.readByte()));
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeByte('Z').writeInt(5).writeByte(status.code());
    }
}
