package io.tracegate.protocol.message;

import io.tracegate.protocol.codec.PgFrame;
import io.tracegate.protocol.codec.PgProtocolException;
import java.nio.charset.Charset;

/** Decodes a typed frontend frame into its message record. */
public final class FrontendMessages {

    private FrontendMessages() {
    }

    /**
     * Decodes {@code frame} without consuming or releasing it; text is read in {@code charset}
     * (the session's client_encoding).
     */
    public static FrontendMessage decode(PgFrame frame, Charset charset) {
        try {
            return dispatch(frame, charset);
        } catch (IndexOutOfBoundsException e) {
            // A count or length in the body promised more bytes than the frame holds.
            throw new PgProtocolException("08P01", "insufficient data left in frontend message of type "
                    + (frame.type() & 0xFF));
        }
    }

    private static FrontendMessage dispatch(PgFrame frame, Charset charset) {
        var body = frame.body();
        return switch (frame.type()) {
            case 'Q' -> Query.decode(body, charset);
            case 'P' -> Parse.decode(body, charset);
            case 'B' -> Bind.decode(body, charset);
            case 'D' -> Describe.decode(body, charset);
            case 'E' -> Execute.decode(body, charset);
            case 'C' -> Close.decode(body, charset);
            case 'S' -> Sync.INSTANCE;
            case 'H' -> Flush.INSTANCE;
            case 'X' -> Terminate.INSTANCE;
            case 'd' -> CopyData.decode(body);
            case 'c' -> CopyDone.INSTANCE;
            case 'f' -> CopyFail.decode(body, charset);
            case 'F' -> FunctionCall.decode(body);
            case 'p' -> PasswordMessage.decode(body);
            default -> throw new PgProtocolException("08P01",
                    "invalid frontend message type " + (frame.type() & 0xFF));
        };
    }
}
