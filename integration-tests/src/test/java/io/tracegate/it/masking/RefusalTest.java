package io.tracegate.it.masking;

import static io.tracegate.it.masking.SqlText.quote;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracegate.it.support.GatewayFixture;
import io.tracegate.it.support.PostgresFixture;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Writes whose values the gateway cannot see in full are refused with an ERROR (never a FATAL):
 * the SQLSTATE and message name the table and column and why, nothing reaches the table, and
 * the same connection goes on working, in and out of an explicit transaction.
 */
class RefusalTest {

    private static final String SCRATCH = "public.masking_refusal_scratch";

    private static GatewayFixture gateway;

    @BeforeAll
    static void startGateway() throws SQLException {
        gateway = GatewayFixture.start();
        // Created directly, not through the gateway (whose policy refuses DDL from agents).
        try (Connection connection = PostgresFixture.shared().connectAsGateway();
                Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS " + SCRATCH);
            statement.execute("CREATE TABLE " + SCRATCH + " (id serial PRIMARY KEY, secret text)");
            statement.execute("INSERT INTO " + SCRATCH + " (secret) VALUES (" + quote(Pii.trace("scratch")) + ")");
        }
    }

    @AfterAll
    static void stopGateway() throws SQLException {
        gateway.close();
        try (Connection connection = PostgresFixture.shared().connectAsGateway();
                Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS " + SCRATCH);
        }
    }

    @BeforeEach
    void emptyTraces() throws SQLException {
        PostgresFixture.shared().truncateTraces();
    }

    /** A statement the gateway must refuse: its SQLSTATE and what the message and detail must say. */
    record Refused(String sql, String sqlState, String message, String detail) {
    }

    static Stream<Arguments> refused() {
        String insert = "INSERT INTO public.agent_traces (agent, reasoning) ";
        String trace = Pii.trace("refused");
        String base64Card = Base64.getEncoder().encodeToString(Pii.trace("encoded").getBytes(StandardCharsets.UTF_8));
        List<Arguments> cases = new ArrayList<>();
        add(cases, "DO block writing the table",
                new Refused("DO $$ BEGIN " + insert + "VALUES ('do', " + quote(trace) + "); END $$", "42501",
                        "protected column public.agent_traces.", "DO block"));
        add(cases, "DO block hiding the table name in dynamic SQL",
                new Refused("DO $$ BEGIN EXECUTE 'INSERT INTO public.agent_' || 'traces (agent, reasoning) VALUES "
                        + "(''do'', ' || quote_literal(" + quote(trace) + ") || ')'; END $$",
                        "42501", "public.agent_traces", "dynamic SQL"));
        add(cases, "SQL-level PREPARE of a write",
                new Refused("PREPARE leak (text) AS " + insert + "VALUES ('prepared', $1)", "42501",
                        "protected column public.agent_traces.", "PREPARE"));
        add(cases, "SQL-level EXECUTE",
                new Refused("EXECUTE leak (" + quote(trace) + ")", "42501", "public.agent_traces", "EXECUTE"));
        add(cases, "INSERT ... SELECT from another table",
                new Refused(insert + "SELECT 'copied', secret FROM " + SCRATCH, "42501",
                        "protected column public.agent_traces.reasoning", "secret"));
        add(cases, "a function that may encode its argument past the detectors",
                new Refused(insert + "VALUES ('decoded', convert_from(decode('" + base64Card + "', 'base64'), 'UTF8'))",
                        "42501", "protected column public.agent_traces.reasoning", "convert_from"));
        add(cases, "a card number split across two constants",
                new Refused(insert + "VALUES ('split', concat('card 4111 1111 ', '1111 1111'))", "42501",
                        "public.agent_traces.reasoning", "one constant"));
        add(cases, "invalid JSON for the json column",
                new Refused("INSERT INTO public.agent_traces (agent, payload) VALUES ('json', '{\"card\": \"" + Pii.CARD
                        + "\",}')", "22P02", "public.agent_traces.payload", "column"));
        add(cases, "a DELETE, refused by the policy's rule",
                new Refused("DELETE FROM public.agent_traces", "42501", "no-ddl-or-server-access", "delete"));
        return cases.stream();
    }

    private static void add(List<Arguments> cases, String name, Refused refused) {
        for (String mode : List.of("simple", "extended")) {
            cases.add(Arguments.of(mode, Named.of(name, refused)));
        }
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("refused")
    void refusedWithAnErrorAndTheSessionGoesOn(String mode, Refused refused) throws SQLException {
        try (Connection connection = Gateways.connect(gateway, "preferQueryMode", mode);
                Statement statement = connection.createStatement()) {
            assertRefused(() -> statement.execute(refused.sql()), refused);

            // ERROR, not FATAL: the very same connection goes on.
            statement.executeUpdate("INSERT INTO public.agent_traces (agent, reasoning) VALUES ('after', "
                    + quote(Pii.trace("after")) + ")");
            try (ResultSet rs = statement.executeQuery("SELECT 41 + 1")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(42);
            }
        }
        assertThat(StoredTraces.reasonings()).containsExactly(Pii.maskedTrace("after"));
        StoredTraces.assertNoRawValue();
    }

    /** In a transaction the refusal aborts it like any error; after ROLLBACK the connection is usable. */
    @Test
    void refusalInsideATransactionAbortsItAndNothingOfItIsStored() throws SQLException {
        try (Connection connection = gateway.connect(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            statement.executeUpdate("INSERT INTO public.agent_traces (agent, reasoning) VALUES ('tx', "
                    + quote(Pii.trace("in transaction")) + ")");
            assertThatThrownBy(() -> statement.execute("DO $$ BEGIN NULL; END $$"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42501"));
            assertThatThrownBy(() -> statement.execute("SELECT 1"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("25P02"));
            connection.rollback();

            statement.executeUpdate("INSERT INTO public.agent_traces (agent, reasoning) VALUES ('tx', "
                    + quote(Pii.trace("next transaction")) + ")");
            connection.commit();
        }
        assertThat(StoredTraces.reasonings()).containsExactly(Pii.maskedTrace("next transaction"));
    }

    private static void assertRefused(ThrowingCallable call, Refused refused) {
        assertThatThrownBy(call).isInstanceOfSatisfying(PSQLException.class, e -> {
            ServerErrorMessage error = e.getServerErrorMessage();
            assertThat(error).as("server error of " + e).isNotNull();
            assertThat(error.getSeverity()).isEqualTo("ERROR");
            assertThat(error.getSQLState()).isEqualTo(refused.sqlState());
            assertThat(error.getMessage()).contains(refused.message());
            assertThat(error.getDetail()).contains(refused.detail());
        });
    }
}
