package io.tracegate.it.observe;

import io.tracegate.it.support.PostgresFixture;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** What reached the database, read directly (not through the gateway). */
final class StoredTraces {

    private StoredTraces() {
    }

    /** The reasoning column of the rows an agent tagged {@code agent} wrote, oldest first. */
    static List<String> reasoning(String agent) throws SQLException {
        try (Connection direct = PostgresFixture.shared().connectAsGateway();
                PreparedStatement select = direct.prepareStatement(
                        "SELECT reasoning FROM agent_traces WHERE agent = ? ORDER BY id")) {
            select.setString(1, agent);
            try (ResultSet rs = select.executeQuery()) {
                List<String> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
                return out;
            }
        }
    }
}
