package io.tracegate.protocol.message;

import io.tracegate.protocol.PgMessage;

/** Messages a server sends (PostgreSQL docs, "Message Formats", marked B). */
public sealed interface BackendMessage extends PgMessage
        permits Authentication, BackendKeyData, ParameterStatus, ReadyForQuery, CommandComplete,
                ErrorResponse, NoticeResponse, EmptyQueryResponse, ParseComplete, BindComplete,
                CloseComplete, NoData, PortalSuspended, ParameterDescription, RowDescription, DataRow,
                CopyInResponse, CopyOutResponse, CopyBothResponse, CopyData, CopyDone,
                NotificationResponse, FunctionCallResponse, NegotiateProtocolVersion {
}
