package io.tracegate.protocol.message;

import io.tracegate.protocol.codec.PgFrame;
import io.tracegate.protocol.codec.PgProtocolException;

/** Decodes a backend frame into its message record. */
public final class BackendMessages {

    private BackendMessages() {
    }

    /** Decodes {@code frame} without consuming or releasing it. */
    public static BackendMessage decode(PgFrame frame) {
        try {
            return dispatch(frame);
        } catch (IndexOutOfBoundsException e) {
            // A count or length in the body promised more bytes than the frame holds.
            throw new PgProtocolException("08P01", "insufficient data left in backend message of type "
                    + (frame.type() & 0xFF));
        }
    }

    private static BackendMessage dispatch(PgFrame frame) {
        var body = frame.body();
        return switch (frame.type()) {
            case 'R' -> Authentication.decode(body);
            case 'K' -> BackendKeyData.decode(body);
            case 'S' -> ParameterStatus.decode(body);
            case 'Z' -> ReadyForQuery.decode(body);
            case 'C' -> CommandComplete.decode(body);
            case 'E' -> ErrorResponse.decode(body);
            case 'N' -> NoticeResponse.decode(body);
            case 'I' -> EmptyQueryResponse.INSTANCE;
            case '1' -> ParseComplete.INSTANCE;
            case '2' -> BindComplete.INSTANCE;
            case '3' -> CloseComplete.INSTANCE;
            case 'n' -> NoData.INSTANCE;
            case 's' -> PortalSuspended.INSTANCE;
            case 't' -> ParameterDescription.decode(body);
            case 'T' -> RowDescription.decode(body);
            case 'D' -> DataRow.decode(body);
            case 'G' -> CopyInResponse.decode(body);
            case 'H' -> CopyOutResponse.decode(body);
            case 'W' -> CopyBothResponse.decode(body);
            case 'd' -> CopyData.decode(body);
            case 'c' -> CopyDone.INSTANCE;
            case 'A' -> NotificationResponse.decode(body);
            case 'V' -> FunctionCallResponse.decode(body);
            case 'v' -> NegotiateProtocolVersion.decode(body);
            default -> throw new PgProtocolException("08P01",
                    "invalid backend message type " + (frame.type() & 0xFF));
        };
    }
}
