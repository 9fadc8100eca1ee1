package io.tracegate.protocol.message;

import io.tracegate.protocol.PgMessage;

/**
 * Messages a client sends (PostgreSQL docs, "Message Formats", marked F). The startup-phase
 * messages have no type byte; every other one is framed by {@code PgFrameDecoder}.
 */
public sealed interface FrontendMessage extends PgMessage
        permits StartupMessage, SslRequest, GssEncRequest, CancelRequest,
                PasswordMessage, Query, Parse, Bind, Describe, Execute, Close, Sync, Flush, Terminate,
                CopyData, CopyDone, CopyFail, FunctionCall {
}
