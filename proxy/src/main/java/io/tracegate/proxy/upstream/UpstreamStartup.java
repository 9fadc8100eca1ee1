package io.tracegate.proxy.upstream;

import io.netty.util.concurrent.Promise;
import io.tracegate.protocol.SqlState;
import io.tracegate.protocol.auth.Md5Password;
import io.tracegate.protocol.auth.ScramClientSession;
import io.tracegate.protocol.codec.PgFrame;
import io.tracegate.protocol.codec.RelayChunk;
import io.tracegate.protocol.message.Authentication;
import io.tracegate.protocol.message.BackendKeyData;
import io.tracegate.protocol.message.BackendMessage;
import io.tracegate.protocol.message.BackendMessages;
import io.tracegate.protocol.message.ErrorResponse;
import io.tracegate.protocol.message.ParameterStatus;
import io.tracegate.protocol.message.PasswordMessage;
import io.tracegate.protocol.message.ReadyForQuery;

/**
 * Logs a fresh upstream connection in with the gateway's credential (SCRAM-SHA-256, md5,
 * cleartext or trust) and completes {@code ready} at the first ReadyForQuery.
 */
final class UpstreamStartup implements UpstreamListener {

    private static final String SCRAM_SHA_256 = "SCRAM-SHA-256";

    private final UpstreamEndpoint endpoint;
    private final Promise<UpstreamConnection> ready;
    private ScramClientSession scram;

    UpstreamStartup(UpstreamEndpoint endpoint, Promise<UpstreamConnection> ready) {
        this.endpoint = endpoint;
        this.ready = ready;
    }

    @Override
    public void onFrame(UpstreamConnection connection, PgFrame frame) {
        BackendMessage message;
        try {
            message = BackendMessages.decode(frame);
        } finally {
            frame.release();
        }
        try {
            handle(connection, message);
        } catch (UpstreamException e) {
            fail(connection, e);
        } catch (RuntimeException e) {
            fail(connection, new UpstreamException(SqlState.SQLCLIENT_UNABLE_TO_ESTABLISH_SQLCONNECTION,
                    "upstream login to " + endpoint.displayName() + " failed: " + e.getMessage(), e));
        }
    }

    private void handle(UpstreamConnection connection, BackendMessage message) {
        if (message instanceof Authentication.CleartextPassword) {
            send(connection, PasswordMessage.password(password()));
        } else if (message instanceof Authentication.Md5Password request) {
            send(connection, PasswordMessage.password(Md5Password.encode(endpoint.user(), password(), request.salt())));
        } else if (message instanceof Authentication.Sasl request) {
            if (!request.mechanisms().contains(SCRAM_SHA_256)) {
                throw unsupported("SASL mechanisms " + request.mechanisms());
            }
            scram = new ScramClientSession(endpoint.user(), password());
            send(connection, PasswordMessage.saslInitialResponse(SCRAM_SHA_256, scram.clientFirst()));
        } else if (message instanceof Authentication.SaslContinue challenge) {
            send(connection, PasswordMessage.saslResponse(scram().handleServerFirst(challenge.data())));
        } else if (message instanceof Authentication.SaslFinal outcome) {
            scram().verifyServerFinal(outcome.data());
        } else if (message instanceof Authentication.Unsupported request) {
            throw unsupported("authentication method " + request.code());
        } else if (message instanceof ParameterStatus status) {
            connection.recordParameter(status.name(), status.value());
        } else if (message instanceof BackendKeyData key) {
            connection.backendKey(key);
        } else if (message instanceof ErrorResponse error) {
            throw new UpstreamException(SqlState.SQLCLIENT_UNABLE_TO_ESTABLISH_SQLCONNECTION,
                    "upstream " + endpoint.displayName() + " refused the gateway's login: " + error.message()
                            + " (SQLSTATE " + error.sqlState() + ")");
        } else if (message instanceof ReadyForQuery ready) {
            connection.transactionStatus(ready.status());
            this.ready.trySuccess(connection);
        }
        // AuthenticationOk, NoticeResponse, NegotiateProtocolVersion: nothing to act on.
    }

    private ScramClientSession scram() {
        if (scram == null) {
            throw new UpstreamException(SqlState.PROTOCOL_VIOLATION, "upstream sent a SASL step before AuthenticationSASL");
        }
        return scram;
    }

    private String password() {
        return endpoint.password().orElseThrow(() -> new UpstreamException(SqlState.SQLCLIENT_UNABLE_TO_ESTABLISH_SQLCONNECTION,
                "upstream " + endpoint.displayName() + " asks for a password but upstream.password is not set"));
    }

    private UpstreamException unsupported(String what) {
        return new UpstreamException(SqlState.SQLSERVER_REJECTED_ESTABLISHMENT_OF_SQLCONNECTION,
                "upstream " + endpoint.displayName() + " asks for " + what + ", which the gateway does not support");
    }

    private static void send(UpstreamConnection connection, PasswordMessage message) {
        connection.channel().writeAndFlush(message.encode(connection.channel().alloc()));
    }

    private void fail(UpstreamConnection connection, UpstreamException cause) {
        ready.tryFailure(cause);
        connection.close();
    }

    @Override
    public void onChunk(UpstreamConnection connection, RelayChunk chunk) {
        chunk.release();
    }

    @Override
    public void onClosed(UpstreamConnection connection, Throwable cause) {
        ready.tryFailure(new UpstreamException(SqlState.SQLCLIENT_UNABLE_TO_ESTABLISH_SQLCONNECTION,
                "upstream " + endpoint.displayName() + " closed the connection during login"
                        + (cause == null ? "" : ": " + cause.getMessage()), cause));
    }
}
