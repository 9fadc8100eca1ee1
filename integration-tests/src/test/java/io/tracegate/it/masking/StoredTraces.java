package io.tracegate.it.masking;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracegate.it.support.PostgresFixture;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code public.agent_traces} back directly from PostgreSQL (as the gateway's own role,
 * no gateway in between): what actually reached storage.
 */
final class StoredTraces {

    /** One stored row; {@code payload} is PostgreSQL's text form of the jsonb value. */
    record Row(long id, String agent, String reasoning, String payload) {
    }

    private StoredTraces() {
    }

    /** Every row, in id (insertion) order. */
    static List<Row> all() throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (Connection connection = PostgresFixture.shared().connectAsGateway();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(
                        "SELECT id, agent, reasoning, payload::text FROM public.agent_traces ORDER BY id")) {
            while (rs.next()) {
                rows.add(new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)));
            }
        }
        return rows;
    }

    /** The reasoning column of every row, in id order. */
    static List<String> reasonings() throws SQLException {
        return all().stream().map(Row::reasoning).toList();
    }

    /** The payload column of every row, in id order, in PostgreSQL's canonical jsonb text. */
    static List<String> payloads() throws SQLException {
        return all().stream().map(Row::payload).toList();
    }

    /** {@code json} as PostgreSQL prints it once stored in a jsonb column (keys sorted, spacing normalised). */
    static String jsonb(String json) throws SQLException {
        try (Connection connection = PostgresFixture.shared().connectAsGateway();
                PreparedStatement statement = connection.prepareStatement("SELECT ?::jsonb::text")) {
            statement.setString(1, json);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    /** Asserts that no spelling of a {@link Pii#RAW} value is anywhere in the table's text. */
    static void assertNoRawValue() throws SQLException {
        try (Connection connection = PostgresFixture.shared().connectAsGateway();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT coalesce(string_agg(concat_ws(' | ', agent, reasoning, "
                        + "payload::text), E'\\n'), '') FROM public.agent_traces")) {
            rs.next();
            String everything = rs.getString(1);
            for (String raw : Pii.RAW) {
                assertThat(everything).as("stored traces").doesNotContain(raw);
            }
        }
    }

    static int count() throws SQLException {
        try (Connection connection = PostgresFixture.shared().connectAsGateway();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT count(*) FROM public.agent_traces")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
