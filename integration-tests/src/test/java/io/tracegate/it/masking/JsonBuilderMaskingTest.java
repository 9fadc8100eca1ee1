package io.tracegate.it.masking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracegate.it.support.GatewayExtension;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * JSON built in SQL ({@code jsonb_build_object}, {@code jsonb_object}, {@code jsonb_set}, subscripts)
 * through the gateway: a value
 * under a sensitive property name is stored masked whole, as it is when the agent sends the same
 * object as a JSON document ({@code '{"password": "hunter2"}'::jsonb}), whether the value is a
 * constant in the text or a parameter bound later, and whether the name is a constant or a
 * parameter. Read back directly from PostgreSQL.
 */
class JsonBuilderMaskingTest {

    private static final String SECRET = "<GENERIC_SECRET>";
    private static final String INSERT = "INSERT INTO public.agent_traces (agent, payload) VALUES ('json', %s)";

    @RegisterExtension
    static final GatewayExtension gateway = GatewayExtension.emptyingTracesBeforeEach();

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"simple", "extended"})
    void constantsUnderSensitiveNamesAreStoredMasked(String mode) throws SQLException {
        try (Connection connection = Gateways.connect(gateway.fixture(), "preferQueryMode", mode);
                Statement statement = connection.createStatement()) {
            statement.executeUpdate(INSERT.formatted("jsonb_build_object('password', '" + Pii.PASSWORD + "',"
                    + " 'note', 'card " + Pii.CARD + "', 'auth', jsonb_build_object('token', 'abc', 'user', 'bob'),"
                    + " 'pin', 1234, 'max_tokens', 100, 'author', 'Ann')"));
        }

        assertThat(StoredTraces.payloads()).containsExactly(StoredTraces.jsonb("{\"password\": \"" + SECRET + "\","
                + " \"note\": \"card " + Pii.CARD_MASKED + "\", \"auth\": {\"token\": \"" + SECRET + "\", \"user\": \""
                + SECRET + "\"}, \"pin\": \"" + SECRET + "\", \"max_tokens\": 100, \"author\": \"Ann\"}"));
        StoredTraces.assertNoRawValue();
    }

    /** The builder and the JSON document it stands for are stored alike. */
    @Test
    void builderIsStoredAsTheSameObjectSentAsJsonWouldBe() throws SQLException {
        try (Connection connection = Gateways.simple(gateway.fixture()); Statement statement = connection.createStatement()) {
            statement.executeUpdate(INSERT.formatted("jsonb_build_object('api_key', 'k-77', 'note', 'hi')"));
            statement.executeUpdate(INSERT.formatted("'{\"api_key\": \"k-77\", \"note\": \"hi\"}'::jsonb"));
        }

        assertThat(StoredTraces.payloads()).hasSize(2).allMatch(payload -> payload.equals(
                "{\"note\": \"hi\", \"api_key\": \"" + SECRET + "\"}"));
    }

    @Test
    void boundValuesUnderSensitiveNamesAreStoredMasked() throws SQLException {
        try (Connection connection = Gateways.connect(gateway.fixture(), "prepareThreshold", "1");
                PreparedStatement insert = connection.prepareStatement(INSERT.formatted(
                        "jsonb_build_object('password', ?, 'note', ?)"))) {
            for (int i = 0; i < 3; i++) {
                insert.setString(1, Pii.PASSWORD);
                insert.setString(2, "try " + i + " " + Pii.EMAIL);
                insert.executeUpdate();
            }
        }

        assertThat(StoredTraces.payloads()).containsExactly(
                StoredTraces.jsonb("{\"password\": \"" + SECRET + "\", \"note\": \"try 0 " + Pii.EMAIL_MASKED + "\"}"),
                StoredTraces.jsonb("{\"password\": \"" + SECRET + "\", \"note\": \"try 1 " + Pii.EMAIL_MASKED + "\"}"),
                StoredTraces.jsonb("{\"password\": \"" + SECRET + "\", \"note\": \"try 2 " + Pii.EMAIL_MASKED + "\"}"));
        StoredTraces.assertNoRawValue();
    }

    @Test
    void namesBoundAsParametersAreReadAtBind() throws SQLException {
        try (Connection connection = Gateways.connect(gateway.fixture());
                PreparedStatement insert = connection.prepareStatement(INSERT.formatted("jsonb_build_object(?, ?)"))) {
            insert.setString(1, "db_password");
            insert.setString(2, Pii.PASSWORD);
            insert.executeUpdate();
            insert.setString(1, "note");
            insert.setString(2, "kept as written");
            insert.executeUpdate();
        }

        assertThat(StoredTraces.payloads()).containsExactly(
                StoredTraces.jsonb("{\"db_password\": \"" + SECRET + "\"}"),
                StoredTraces.jsonb("{\"note\": \"kept as written\"}"));
        StoredTraces.assertNoRawValue();
    }

    /** The gateway does not evaluate lower(..): the name might be a sensitive one, so the value is masked. */
    @Test
    void valueUnderAComputedNameIsStoredMasked() throws SQLException {
        try (Connection connection = Gateways.simple(gateway.fixture()); Statement statement = connection.createStatement()) {
            statement.executeUpdate(INSERT.formatted("jsonb_build_object(lower('PASSWORD'), '" + Pii.PASSWORD + "')"));
        }

        assertThat(StoredTraces.payloads()).containsExactly(StoredTraces.jsonb("{\"password\": \"" + SECRET + "\"}"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"simple", "extended"})
    void valuesSetAtASensitivePathOrSubscriptAreStoredMasked(String mode) throws SQLException {
        try (Connection connection = Gateways.connect(gateway.fixture(), "preferQueryMode", mode);
                Statement statement = connection.createStatement()) {
            statement.executeUpdate(INSERT.formatted("'{\"note\": \"n\"}'"));
            statement.executeUpdate("UPDATE public.agent_traces SET payload = jsonb_set(payload, '{credentials}', '\""
                    + Pii.PASSWORD + "\"')");
            statement.executeUpdate("UPDATE public.agent_traces SET payload['api_key'] = '\"" + Pii.PASSWORD + "\"'");
        }

        assertThat(StoredTraces.payloads()).containsExactly(StoredTraces.jsonb("{\"note\": \"n\", \"credentials\": \""
                + SECRET + "\", \"api_key\": \"" + SECRET + "\"}"));
        StoredTraces.assertNoRawValue();
    }

    @Test
    void objectFromArrays() throws SQLException {
        try (Connection connection = Gateways.simple(gateway.fixture()); Statement statement = connection.createStatement()) {
            statement.executeUpdate(INSERT.formatted("jsonb_object(ARRAY['secret', '" + Pii.PASSWORD + "', 'n', 'x'])"));
            statement.executeUpdate(INSERT.formatted("jsonb_object(ARRAY['token', 'n'], ARRAY['" + Pii.PASSWORD
                    + "', 'y'])"));
            assertThatThrownBy(() -> statement.executeUpdate(INSERT.formatted("jsonb_object('{password,"
                    + Pii.PASSWORD + "}')")))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42501"));
        }

        assertThat(StoredTraces.payloads()).containsExactly(
                StoredTraces.jsonb("{\"secret\": \"" + SECRET + "\", \"n\": \"x\"}"),
                StoredTraces.jsonb("{\"token\": \"" + SECRET + "\", \"n\": \"y\"}"));
        StoredTraces.assertNoRawValue();
    }
}
