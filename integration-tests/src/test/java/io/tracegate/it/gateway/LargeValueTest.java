package io.tracegate.it.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tracegate.it.support.GatewayFixture;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Properties;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A 50 MB bytea through the gateway in both directions, plain and over TLS: one Bind of 50 MB
 * going up, one DataRow of about 100 MB (hex text format) coming back, both under
 * {@code listen.max_message_size}; and a row over that limit.
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

    @ParameterizedTest(name = "sslmode={0}")
    @ValueSource(strings = {"disable", "require"})
    void fiftyMegabyteByteaRoundTripsByteForByte(String sslmode) throws SQLException {
        int id = sslmode.equals("disable") ? 1 : 2;
        byte[] value = new byte[SIZE];
        new Random(20261125L + id).nextBytes(value);
        Properties properties = new Properties();
        properties.setProperty("sslmode", sslmode);
        properties.setProperty("sslfactory", TrackingSslFactory.class.getName());
        try (Connection connection = gateway.connect(properties)) {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + TABLE + " (id, data) VALUES (?, ?)")) {
                insert.setInt(1, id);
                insert.setBytes(2, value);
                assertThat(insert.executeUpdate()).isEqualTo(1);
            }
            assertThat(Direct.queryLong("SELECT length(data) FROM " + TABLE + " WHERE id = " + id)).isEqualTo(SIZE);
            assertThat(Direct.queryString("SELECT md5(data) FROM " + TABLE + " WHERE id = " + id)).isEqualTo(md5Hex(value));

            byte[] back;
            try (PreparedStatement select = connection.prepareStatement("SELECT data FROM " + TABLE + " WHERE id = ?")) {
                select.setInt(1, id);
                try (ResultSet rs = select.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    back = rs.getBytes(1);
                }
            }
            assertThat(back.length).isEqualTo(SIZE);
            assertThat(Arrays.equals(back, value)).as("bytes read back equal the bytes written").isTrue();

            // The session is still in step after the two huge messages.
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT length(data) FROM " + TABLE + " WHERE id = " + id)) {
                try (ResultSet rs = select.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getInt(1)).isEqualTo(SIZE);
                }
            }
        }
    }

    @Test
    void aRowOverTheMessageSizeLimitEndsOnlyThatSessionWithAClearError() throws SQLException {
        try (Connection victim = gateway.connect(); Connection bystander = gateway.connect()) {
            // 140 MB of text in one DataRow, over listen.max_message_size (128MB in the test policy).
            SQLException failure = catchThrowableOfType(SQLException.class, () -> {
                try (Statement statement = victim.createStatement();
                     ResultSet rs = statement.executeQuery("SELECT repeat('x', 140 * 1024 * 1024)")) {
                    rs.next();
                }
            });
            assertThat((Throwable) failure).isNotNull();
            assertThat(failure.getSQLState()).startsWith("08");
            assertThat(failure.getMessage()).contains("over the limit of 134217728 bytes");
            try (Statement statement = bystander.createStatement(); ResultSet rs = statement.executeQuery("SELECT 'unharmed'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("unharmed");
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
