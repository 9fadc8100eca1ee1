package io.tracegate.it.masking;

import static io.tracegate.it.masking.SqlText.quote;
import static org.assertj.core.api.Assertions.assertThat;

import io.tracegate.it.support.GatewayExtension;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every way PostgreSQL lets a statement spell a string, each carrying sensitive values into a
 * protected column, sent both as a simple Query and as the text of an extended-protocol Parse.
 * What is stored must be the value PostgreSQL decodes from the constant, with only the sensitive
 * values replaced: the gateway has to decode each form exactly as the server does and re-spell
 * the masked value so the server decodes it back.
 *
 * <p>The trace table has no array column, so ARRAY[...] is written through the functions that
 * turn an array into a text or JSON value ({@code array_to_string}, {@code to_jsonb}).
 */
class LiteralFormsMaskingTest {

    private static final String CARD = Pii.CARD;
    private static final String EMAIL = Pii.EMAIL;
    private static final String MASKED_CARD = Pii.CARD_MASKED;
    private static final String MASKED_EMAIL = Pii.EMAIL_MASKED;

    @RegisterExtension
    static final GatewayExtension gateway = GatewayExtension.emptyingTracesBeforeEach();

    /** A text constant form: the SQL expression and the text PostgreSQL must store for it. */
    record Form(String sql, String stored) {
    }

    static Stream<Arguments> textForms() {
        List<Arguments> forms = new ArrayList<>();
        add(forms, "standard '...' with a doubled quote",
                quote(Pii.trace("it's plain")), Pii.maskedTrace("it's plain"));
        add(forms, "E'...' with \\' \\\\ \\n \\t and a card spelled with \\x and octal escapes",
                "E'[e] it\\'s a \\\\ backslash\\nline two\\tcard 4111\\x201111\\0401111 1111 for jane.doe\\u0040example.com'",
                "[e] it's a \\ backslash\nline two\tcard " + MASKED_CARD + " for " + MASKED_EMAIL);
        add(forms, "$$...$$ (backslashes are ordinary)",
                "$$[dollar] it's \\n not an escape, card " + CARD + " for " + EMAIL + "$$",
                "[dollar] it's \\n not an escape, card " + MASKED_CARD + " for " + MASKED_EMAIL);
        add(forms, "$tag$...$tag$ holding $$",
                "$trace$[tagged] $$ and 'quotes', card " + CARD + " for " + EMAIL + "$trace$",
                "[tagged] $$ and 'quotes', card " + MASKED_CARD + " for " + MASKED_EMAIL);
        add(forms, "U&'...' with \\XXXX and \\+XXXXXX escapes",
                "U&'[u] d\\00e9j\\00e0 card \\0034111 1111 1111 1111 \\+01F600 for " + EMAIL + "'",
                "[u] déjà card " + MASKED_CARD + " \uD83D\uDE00 for " + MASKED_EMAIL);
        add(forms, "U&'...' UESCAPE '!'",
                "U&'[uescape] !00e9 card 4111 1111 1111 1111 for jane.doe!0040example.com, a \\ kept' UESCAPE '!'",
                "[uescape] é card " + MASKED_CARD + " for " + MASKED_EMAIL + ", a \\ kept");
        add(forms, "adjacent constants concatenated across newlines and a comment line",
                "'[adjacent] card 4111 1111 '\n'1111 1111 for jane.doe@'\n  -- a comment line between\n'example.com done'",
                "[adjacent] card " + MASKED_CARD + " for " + MASKED_EMAIL + " done");
        add(forms, "'...'::text and CAST('...' AS varchar)",
                "'[cast] card " + CARD + "'::text || CAST(' for " + EMAIL + "' AS varchar)",
                "[cast] card " + MASKED_CARD + " for " + MASKED_EMAIL);
        add(forms, "array_to_string(ARRAY[...])",
                "array_to_string(ARRAY['[array] card " + CARD + "', 'for " + EMAIL + "'], ' ')",
                "[array] card " + MASKED_CARD + " for " + MASKED_EMAIL);
        add(forms, "concat(...)",
                "concat('[concat] card ', '" + CARD + "', ' for ', '" + EMAIL + "')",
                "[concat] card " + MASKED_CARD + " for " + MASKED_EMAIL);
        add(forms, "format(...)",
                "format('[format] %s paid for %s', 'card " + CARD + "', '" + EMAIL + "')",
                "[format] card " + MASKED_CARD + " paid for " + MASKED_EMAIL);
        return forms.stream();
    }

    static Stream<Arguments> jsonForms() {
        String json = "{\"form\": \"%s\", \"note\": \"card " + CARD + "\", \"who\": {\"email\": \"" + EMAIL + "\"}}";
        String masked = "{\"form\": \"%s\", \"note\": \"card " + MASKED_CARD + "\", \"who\": {\"email\": \""
                + MASKED_EMAIL + "\"}}";
        List<Arguments> forms = new ArrayList<>();
        add(forms, "'...'::jsonb", quote(json.formatted("cast")) + "::jsonb", masked.formatted("cast"));
        add(forms, "CAST($$...$$ AS jsonb)", "CAST($$" + json.formatted("dollar") + "$$ AS jsonb)",
                masked.formatted("dollar"));
        add(forms, "E'...' JSON with \\' and a JSON escape",
                "E'{\"form\": \"e\", \"note\": \"it\\'s card " + CARD + "\", \"who\": {\"email\": \"jane.doe\\\\u0040example.com\"}}'",
                "{\"form\": \"e\", \"note\": \"it's card " + MASKED_CARD + "\", \"who\": {\"email\": \"" + MASKED_EMAIL
                        + "\"}}");
        add(forms, "a JSON object under a sensitive key", quote("{\"form\": \"key\", \"api_key\": \"sk-12\", "
                        + "\"password\": \"" + Pii.PASSWORD + "\"}"),
                "{\"form\": \"key\", \"api_key\": \"<GENERIC_SECRET>\", \"password\": \"<GENERIC_SECRET>\"}");
        add(forms, "jsonb_build_object(...)",
                "jsonb_build_object('form', 'object', 'note', 'card " + CARD + "', 'who', jsonb_build_object('email', '"
                        + EMAIL + "'))",
                masked.formatted("object"));
        add(forms, "to_jsonb(ARRAY[...])",
                "to_jsonb(ARRAY['array', 'card " + CARD + "', '" + EMAIL + "'])",
                "[\"array\", \"card " + MASKED_CARD + "\", \"" + MASKED_EMAIL + "\"]");
        return forms.stream();
    }

    private static void add(List<Arguments> forms, String name, String sql, String stored) {
        for (String mode : List.of("simple", "extended")) {
            forms.add(Arguments.of(mode, Named.of(name, new Form(sql, stored))));
        }
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("textForms")
    void textConstantIsStoredMaskedAndOtherwiseExact(String mode, Form form) throws SQLException {
        try (Connection connection = Gateways.connect(gateway.fixture(), "preferQueryMode", mode);
                Statement statement = connection.createStatement()) {
            statement.executeUpdate("INSERT INTO public.agent_traces (agent, reasoning) VALUES ('forms', " + form.sql() + ")");
        }

        assertThat(StoredTraces.reasonings()).containsExactly(form.stored());
        StoredTraces.assertNoRawValue();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("jsonForms")
    void jsonConstantIsStoredMaskedWithItsStructure(String mode, Form form) throws SQLException {
        try (Connection connection = Gateways.connect(gateway.fixture(), "preferQueryMode", mode);
                Statement statement = connection.createStatement()) {
            statement.executeUpdate("INSERT INTO public.agent_traces (agent, payload) VALUES ('forms', " + form.sql() + ")");
        }

        assertThat(StoredTraces.payloads()).containsExactly(StoredTraces.jsonb(form.stored()));
        StoredTraces.assertNoRawValue();
    }

    /**
     * With standard_conforming_strings off (set in its own statement, as the gateway requires),
     * every '...' constant reads backslash escapes: the gateway learns the setting from the
     * server's ParameterStatus and decodes and re-spells constants the same way.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("modes")
    void backslashesInPlainConstantsWithStandardConformingStringsOff(String mode) throws SQLException {
        try (Connection connection = Gateways.connect(gateway.fixture(), "preferQueryMode", mode);
                Statement statement = connection.createStatement()) {
            statement.execute("SET standard_conforming_strings = off");
            statement.executeUpdate("INSERT INTO public.agent_traces (agent, reasoning) VALUES ('scs', "
                    + "'[scs off] it\\'s C:\\\\tmp\\\\new, card 4111\\x201111 1111 1111 for " + EMAIL + "\\n')");
            // The driver inlines (simple mode) or binds (extended) this value; either way by the setting now in force.
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO public.agent_traces (agent, reasoning) VALUES ('scs', ?)")) {
                insert.setString(1, "[scs off, parameter] it's C:\\tmp " + CARD);
                insert.executeUpdate();
            }
            statement.execute("RESET standard_conforming_strings");
            statement.executeUpdate("INSERT INTO public.agent_traces (agent, reasoning) VALUES ('scs', "
                    + "'[scs on] C:\\tmp\\new, card " + CARD + "')");
        }

        assertThat(StoredTraces.reasonings()).containsExactly(
                "[scs off] it's C:\\tmp\\new, card " + MASKED_CARD + " for " + MASKED_EMAIL + "\n",
                "[scs off, parameter] it's C:\\tmp " + MASKED_CARD,
                "[scs on] C:\\tmp\\new, card " + MASKED_CARD);
        StoredTraces.assertNoRawValue();
    }

    /**
     * A SET of standard_conforming_strings and writes in one Query message: PostgreSQL lexes the
     * whole string before running any of it, so the SET applies from the next message on. The
     * gateway reads each Query the same way and masks instead of refusing the write.
     */
    @Test
    void standardConformingStringsChangedInsideAQueryAppliesFromTheNextQuery() throws SQLException {
        try (Connection connection = Gateways.simple(gateway.fixture()); Statement statement = connection.createStatement()) {
            // Read with the setting on: backslashes are ordinary characters.
            statement.execute("SET standard_conforming_strings = off; INSERT INTO public.agent_traces (agent, reasoning)"
                    + " VALUES ('scs', '[same query] C:\\tmp\\new card " + CARD + "')");
            // Read with the setting off (set by the previous Query): \' is a quote, also after the RESET.
            statement.execute("INSERT INTO public.agent_traces (agent, reasoning) VALUES ('scs', "
                    + "'[next query] it\\'s card " + CARD + "'); RESET standard_conforming_strings;"
                    + " INSERT INTO public.agent_traces (agent, reasoning) VALUES ('scs', '[after reset] it\\'s " + EMAIL
                    + "')");
            statement.execute("INSERT INTO public.agent_traces (agent, reasoning) VALUES ('scs', "
                    + "'[reset applied] C:\\tmp " + CARD + "')");
        }

        assertThat(StoredTraces.reasonings()).containsExactly(
                "[same query] C:\\tmp\\new card " + MASKED_CARD,
                "[next query] it's card " + MASKED_CARD,
                "[after reset] it's " + MASKED_EMAIL,
                "[reset applied] C:\\tmp " + MASKED_CARD);
        StoredTraces.assertNoRawValue();
    }

    static Stream<String> modes() {
        return Stream.of("simple", "extended");
    }
}
