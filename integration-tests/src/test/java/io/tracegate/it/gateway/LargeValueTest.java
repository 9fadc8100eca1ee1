package io.tracegate.it.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracegate.it.support.GatewayFixture;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A 50 MB bytea through the gateway in both directions: one Bind of 50 MB going up, one DataRow
 * of about 100 MB (hex text format) coming back, both under {@code listen.max_message_size}.
 */
class LargeValueTest {

    private static final String TABLE = "it_gw_blob";
    private static final int SIZE = 50 * 1024 * 1024;

    private static GatewayFixture gateway;

    @BeforeAll
    static void start() throws SQLException {
        Direct.execute("DROP TABLE IF EXISTS " + TABLE, "CREATE TABLE " + TABLE + " (id int PRIMARY KEY, data bytea)");
        gateway = GatewayFixture.start();
    }

    @AfterAll
    static void stop() throws SQLException {
        gateway.close();
        Direct.execute("DROP TABLE IF EXISTS " + TABLE);
    }

    @Test
    void fiftyMegabyteByteaRoundTripsByteForByte() throws SQLException {
        byte[] value = new byte[SIZE];
        new Random(20261125L).nextBytes(value);
        try (Connection connection = gateway.connect()) {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + TABLE + " (id, data) VALUES (?, ?)")) {
                insert.setInt(1, 1);
                insert.setBytes(2, value);
                assertThat(insert.executeUpdate()).isEqualTo(1);
            }
            assertThat(Direct.queryLong("SELECT length(data) FROM " + TABLE + " WHERE id = 1")).isEqualTo(SIZE);
            assertThat(Direct.queryString("SELECT md5(data) FROM " + TABLE + " WHERE id = 1")).isEqualTo(md5Hex(value));

            byte[] back;
            try (PreparedStatement select = connection.prepareStatement("SELECT data FROM " + TABLE + " WHERE id = ?")) {
                select.setInt(1, 1);
                try (ResultSet rs = select.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    back = rs.getBytes(1);
                }
            }
            assertThat(back.length).isEqualTo(SIZE);
            assertThat(Arrays.equals(back, value)).as("bytes read back equal the bytes written").isTrue();

            // The session is still in step after the two huge messages.
            try (PreparedStatement select = connection.prepareStatement("SELECT length(data) FROM " + TABLE)) {
                try (ResultSet rs = select.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getInt(1)).isEqualTo(SIZE);
                }
            }
        }
    }

    private static String md5Hex(byte[] value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(value));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
