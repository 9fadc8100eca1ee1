package io.tracegate.it.holds;

import io.tracegate.it.support.PostgresFixture;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code public.agent_traces} holds, read directly from PostgreSQL (not through the
 * gateway), as any other session of the database sees it.
 */
final class StoredTraces {

    private final PostgresFixture postgres;

    StoredTraces(PostgresFixture postgres) {
        this.postgres = postgres;
    }

    void truncate() throws SQLException {
        postgres.truncateTraces();
    }

    /** The committed {@code reasoning} values, in insertion order. */
    List<String> reasonings() throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection connection = postgres.connectAsGateway();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT reasoning FROM " + PostgresFixture.TRACES_TABLE
                        + " ORDER BY id")) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }

    int count() throws SQLException {
        return reasonings().size();
    }
}
