package io.tracegate.it.gateway;

import io.tracegate.it.support.PostgresFixture;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

/**
 * Statements run straight on the shared PostgreSQL, past the gateway: scratch-table DDL (which
 * the policy forbids agents) and checks of what really arrived.
 */
final class Direct {

    private Direct() {
    }

    /** Runs each statement as the gateway role in the traces database. */
    static void execute(String... statements) throws SQLException {
        try (Connection connection = PostgresFixture.shared().connectAsGateway();
             Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    /** The first column of the single row {@code sql} returns, as a long. */
    static long queryLong(String sql) throws SQLException {
        try (Connection connection = PostgresFixture.shared().connectAsGateway();
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            if (!rs.next()) {
                throw new SQLException("no row from " + sql);
            }
            return rs.getLong(1);
        }
    }

    /** The first column of the single row {@code sql} returns, as a string. */
    static String queryString(String sql) throws SQLException {
        try (Connection connection = PostgresFixture.shared().connectAsGateway();
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            if (!rs.next()) {
                throw new SQLException("no row from " + sql);
            }
            return rs.getString(1);
        }
    }

    /**
     * Waits until the upstream backend serving {@code application} is running a pg_sleep, so a
     * test can act on a query that is really in progress.
     */
    static void awaitActiveSleep(String application) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (queryLongAsSuperuser("SELECT count(*) FROM pg_stat_activity WHERE application_name = '"
                    + application + "' AND state = 'active' AND query LIKE '%pg_sleep%'") == 1) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the sleep of " + application + " never showed up in pg_stat_activity");
    }

    /** The first column of the single row {@code sql} returns, as the superuser (sees every session). */
    static long queryLongAsSuperuser(String sql) throws SQLException {
        try (Connection connection = PostgresFixture.shared().connectAsSuperuser();
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            if (!rs.next()) {
                throw new SQLException("no row from " + sql);
            }
            return rs.getLong(1);
        }
    }
}
