package io.tracegate.proxy.cli;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import picocli.CommandLine.Option;

/** Where the postgres audit sink's table is, for the audit commands that read it instead of files. */
final class AuditPostgresOptions {

    @Option(names = "--url", paramLabel = "JDBC_URL",
            description = "Read the postgres sink's table at this jdbc:postgresql: URL instead of files.")
    String url;

    @Option(names = "--user", paramLabel = "USER", defaultValue = "${env:TRACEGATE_AUDIT_USER}",
            description = "Database user (default: $TRACEGATE_AUDIT_USER).")
    String user;

    @Option(names = "--password", paramLabel = "PASSWORD", defaultValue = "${env:TRACEGATE_AUDIT_PASSWORD}",
            description = "Database password (default: $TRACEGATE_AUDIT_PASSWORD, which keeps it out of the process list).")
    String password;

    boolean given() {
        return url != null;
    }

    Connection connect() throws SQLException {
        Properties properties = new Properties();
        if (user != null) {
            properties.setProperty("user", user);
        }
        if (password != null) {
            properties.setProperty("password", password);
        }
        properties.setProperty("ApplicationName", "tracegate-audit-cli");
        properties.setProperty("readOnly", "true");
        return DriverManager.getConnection(url, properties);
    }
}
