package io.tracegate.proxy.recording;

/** PostgreSQL protocol message names by type byte, as the protocol chapter spells them. */
final class MessageNames {

    private MessageNames() {
    }

    static String frontend(char type) {
        return switch (type) {
            case 'Q' -> "Query";
            case 'P' -> "Parse";
            case 'B' -> "Bind";
            case 'E' -> "Execute";
            case 'D' -> "Describe";
            case 'C' -> "Close";
            case 'S' -> "Sync";
            case 'H' -> "Flush";
            case 'X' -> "Terminate";
            case 'F' -> "FunctionCall";
            case 'd' -> "CopyData";
            case 'c' -> "CopyDone";
            case 'f' -> "CopyFail";
            case 'p' -> "PasswordMessage";
            default -> "'" + type + "'";
        };
    }

    static String backend(char type) {
        return switch (type) {
            case 'C' -> "CommandComplete";
            case 'E' -> "ErrorResponse";
            case 'N' -> "NoticeResponse";
            case 'Z' -> "ReadyForQuery";
            case 'T' -> "RowDescription";
            case 'D' -> "DataRow";
            case 'I' -> "EmptyQueryResponse";
            case '1' -> "ParseComplete";
            case '2' -> "BindComplete";
            case '3' -> "CloseComplete";
            case 'n' -> "NoData";
            case 's' -> "PortalSuspended";
            case 't' -> "ParameterDescription";
            case 'S' -> "ParameterStatus";
            case 'K' -> "BackendKeyData";
            case 'R' -> "Authentication";
            case 'A' -> "NotificationResponse";
            case 'G' -> "CopyInResponse";
            case 'H' -> "CopyOutResponse";
            case 'W' -> "CopyBothResponse";
            case 'd' -> "CopyData";
            case 'c' -> "CopyDone";
            case 'V' -> "FunctionCallResponse";
            default -> "'" + type + "'";
        };
    }
}
