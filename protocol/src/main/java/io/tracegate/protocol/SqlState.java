package io.tracegate.protocol;

/**
 * The SQLSTATE codes the gateway itself puts in an ErrorResponse, named after PostgreSQL's
 * condition names (Appendix A, "PostgreSQL Error Codes"), so that clients react to the
 * gateway's errors exactly as they would to the server's.
 */
public final class SqlState {

    /** {@code feature_not_supported}. */
    public static final String FEATURE_NOT_SUPPORTED = "0A000";

    /** {@code sqlclient_unable_to_establish_sqlconnection}. */
    public static final String SQLCLIENT_UNABLE_TO_ESTABLISH_SQLCONNECTION = "08001";

    /** {@code connection_does_not_exist}. */
    public static final String CONNECTION_DOES_NOT_EXIST = "08003";

    /** {@code sqlserver_rejected_establishment_of_sqlconnection}. */
    public static final String SQLSERVER_REJECTED_ESTABLISHMENT_OF_SQLCONNECTION = "08004";

    /** {@code connection_failure}. */
    public static final String CONNECTION_FAILURE = "08006";

    /** {@code protocol_violation}. */
    public static final String PROTOCOL_VIOLATION = "08P01";

    /** {@code character_not_in_repertoire}. */
    public static final String CHARACTER_NOT_IN_REPERTOIRE = "22021";

    /** {@code in_failed_sql_transaction}. */
    public static final String IN_FAILED_SQL_TRANSACTION = "25P02";

    /** {@code invalid_authorization_specification}. */
    public static final String INVALID_AUTHORIZATION_SPECIFICATION = "28000";

    /** {@code invalid_password}: the answer to a wrong password or an unknown user alike. */
    public static final String INVALID_PASSWORD = "28P01";

    /** {@code insufficient_privilege}. */
    public static final String INSUFFICIENT_PRIVILEGE = "42501";

    /** {@code syntax_error}. */
    public static final String SYNTAX_ERROR = "42601";

    /** {@code too_many_connections}. */
    public static final String TOO_MANY_CONNECTIONS = "53300";

    /** {@code configuration_limit_exceeded}. */
    public static final String CONFIGURATION_LIMIT_EXCEEDED = "53400";

    /** {@code program_limit_exceeded}. */
    public static final String PROGRAM_LIMIT_EXCEEDED = "54000";

    /** {@code query_canceled}. */
    public static final String QUERY_CANCELED = "57014";

    /** {@code admin_shutdown}. */
    public static final String ADMIN_SHUTDOWN = "57P01";

    /** {@code internal_error}. */
    public static final String INTERNAL_ERROR = "XX000";

    private SqlState() {
    }
}
