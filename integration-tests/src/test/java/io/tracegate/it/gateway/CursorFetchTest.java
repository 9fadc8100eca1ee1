package io.tracegate.it.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracegate.it.support.GatewayFixture;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fetch-size cursors: with autocommit off and a fetch size, pgjdbc sends Execute with a row
 * limit and the server answers PortalSuspended until the portal is drained.
 */
class CursorFetchTest {

    private static final String SEQUENCE = "it_gw_cursor_seq";
    private static final int ROWS = 5_000;
    private static final int FETCH_SIZE = 50;

    private static GatewayFixture gateway;

    @BeforeAll
    static void start() throws SQLException {
        Direct.execute("DROP SEQUENCE IF EXISTS " + SEQUENCE, "CREATE SEQUENCE " + SEQUENCE);
        gateway = GatewayFixture.start();
    }

    @AfterAll
    static void stop() throws SQLException {
        gateway.close();
        Direct.execute("DROP SEQUENCE IF EXISTS " + SEQUENCE);
    }

    @Test
    void allRowsArriveInOrderInFetchSizeBatches() throws SQLException {
        try (Connection connection = gateway.connect()) {
            connection.setAutoCommit(false);
            // nextval() runs once per row the portal produces, and sequences ignore transactions:
            // reading the sequence from outside shows how far the server really got.
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT g, 'row-' || g, nextval('" + SEQUENCE + "') FROM generate_series(1, ?) g")) {
                statement.setInt(1, ROWS);
                statement.setFetchSize(FETCH_SIZE);
                try (ResultSet rs = statement.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    long producedAfterFirstRow = Direct.queryLong("SELECT last_value FROM " + SEQUENCE);
                    assertThat(producedAfterFirstRow).as("rows the server produced for the first fetch")
                            .isLessThanOrEqualTo(2L * FETCH_SIZE);
                    int expected = 1;
                    do {
                        assertThat(rs.getInt(1)).isEqualTo(expected);
                        assertThat(rs.getString(2)).isEqualTo("row-" + expected);
                        expected++;
                    } while (rs.next());
                    assertThat(expected - 1).isEqualTo(ROWS);
                }
            }
            connection.commit();
        }
    }

    @Test
    void twoPortalsReadAlternatelyOnOneConnection() throws SQLException {
        try (Connection connection = gateway.connect()) {
            connection.setAutoCommit(false);
            try (PreparedStatement up = connection.prepareStatement("SELECT g FROM generate_series(1, 2000) g");
                 PreparedStatement down = connection.prepareStatement("SELECT g FROM generate_series(2000, 1, -1) g")) {
                up.setFetchSize(FETCH_SIZE);
                down.setFetchSize(FETCH_SIZE + 7);
                try (ResultSet ascending = up.executeQuery(); ResultSet descending = down.executeQuery()) {
                    for (int i = 1; i <= 2000; i++) {
                        assertThat(ascending.next()).isTrue();
                        assertThat(descending.next()).isTrue();
                        assertThat(ascending.getInt(1)).isEqualTo(i);
                        assertThat(descending.getInt(1)).isEqualTo(2001 - i);
                    }
                    assertThat(ascending.next()).isFalse();
                    assertThat(descending.next()).isFalse();
                }
            }
            connection.commit();
        }
    }
}
