package io.tracegate.it.masking;

import static io.tracegate.it.masking.SqlText.quote;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tracegate.it.support.GatewayFixture;
import io.tracegate.it.support.PostgresFixture;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * psql as the client: {@code -c} sends several statements in one Query message, a script mixes
 * statement shapes and literal forms the way a hand-written agent tool would, and the client
 * encoding can be other than UTF-8.
 */
class PsqlMaskingTest {

    private static final String INSERT = "INSERT INTO public.agent_traces (agent, reasoning) VALUES ";

    private static GatewayFixture gateway;

    @BeforeAll
    static void startGateway() {
        assumeTrue(Psql.isInstalled(), "psql is not installed");
        gateway = GatewayFixture.start();
    }

    @AfterAll
    static void stopGateway() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @BeforeEach
    void emptyTraces() throws Exception {
        PostgresFixture.shared().truncateTraces();
    }

    @Test
    void severalStatementsInOneQueryMessage() throws Exception {
        Psql.Result result = Psql.command(gateway, INSERT + "('psql', " + quote(Pii.trace("one")) + ");\n"
                + "INSERT INTO public.agent_traces (agent, payload) VALUES ('psql', " + quote(Pii.payload("two")) + ");"
                + "UPDATE public.agent_traces SET reasoning = $t$" + Pii.trace("three") + "$t$ WHERE payload IS NOT NULL;"
                + INSERT + "('psql', E'" + Pii.trace("four") + "\\tend'), ('psql', U&'\\0034111 1111 1111 1111')");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(StoredTraces.reasonings()).containsExactly(Pii.maskedTrace("one"), Pii.maskedTrace("three"),
                Pii.maskedTrace("four") + "\tend", Pii.CARD_MASKED);
        assertThat(StoredTraces.payloads().get(1)).isEqualTo(StoredTraces.jsonb(Pii.maskedPayload("two")));
        StoredTraces.assertNoRawValue();
    }

    @Test
    void scriptOfStatementShapesAndLiteralForms() throws Exception {
        String script = String.join("\n",
                "BEGIN;",
                INSERT + "('psql', " + quote(Pii.trace("plain")) + "),",
                "  ('psql', $$" + Pii.trace("dollar") + "$$),",
                "  ('psql', '[adjacent] card 4111 1111 '",
                "'1111 1111');",
                "INSERT INTO public.agent_traces (agent, reasoning, payload) SELECT 'psql', concat('[concat] ', "
                        + quote(Pii.EMAIL) + "), jsonb_build_object('note', " + quote(Pii.CARD) + ");",
                "UPDATE public.agent_traces SET reasoning = reasoning || ' ' || " + quote(Pii.EMPLOYEE)
                        + " WHERE reasoning LIKE '[plain]%';",
                "COMMIT;",
                // Two statements sent together with \; and a refused one that does not end the session.
                "SELECT 1 \\; " + INSERT + "('psql', " + quote(Pii.trace("joined")) + ");",
                "\\set ON_ERROR_STOP 0",
                "DO $$ BEGIN " + INSERT + "('psql', " + quote(Pii.trace("do")) + "); END $$;",
                INSERT + "('psql', " + quote(Pii.trace("after error")) + ");",
                "");

        Psql.Result result = Psql.script(gateway, script);

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("ERROR:  42501").contains("protected column public.agent_traces.")
                .doesNotContain("FATAL");
        assertThat(StoredTraces.reasonings()).containsExactly(
                Pii.maskedTrace("plain") + " " + Pii.EMPLOYEE_MASKED,
                Pii.maskedTrace("dollar"),
                "[adjacent] card " + Pii.CARD_MASKED,
                "[concat] " + Pii.EMAIL_MASKED,
                Pii.maskedTrace("joined"),
                Pii.maskedTrace("after error"));
        assertThat(StoredTraces.payloads().get(3)).isEqualTo(StoredTraces.jsonb("{\"note\": \"" + Pii.CARD_MASKED + "\"}"));
        StoredTraces.assertNoRawValue();
    }

    /**
     * A client in LATIN1: the gateway must read the Query in the session's client_encoding, mask,
     * and send the statement back in that encoding, so the server's conversion to UTF-8 stores
     * the accented text unchanged.
     */
    @Test
    void clientEncodingOtherThanUtf8() throws Exception {
        String latin = "[latin1] déjà vu, naïve façade: card " + Pii.CARD + " for " + Pii.EMAIL + " ¿ok?";
        Psql.Result result = Psql.script(gateway, INSERT + "('psql', " + quote(latin) + ");\n",
                StandardCharsets.ISO_8859_1, "LATIN1");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(StoredTraces.reasonings()).containsExactly(
                "[latin1] déjà vu, naïve façade: card " + Pii.CARD_MASKED + " for " + Pii.EMAIL_MASKED + " ¿ok?");
    }

    /**
     * PostgreSQL lexes the whole Query string before running any of it, so a SET of
     * standard_conforming_strings does not change how the rest of the same string is read: here
     * {@code \x20} stays four characters and no card number is formed. The gateway reads the string
     * the same way, so a later write in it is masked, not refused.
     */
    @Test
    void settingChangeInTheSameQueryAsAProtectedWrite() throws Exception {
        Psql.Result kept = Psql.command(gateway, "SET standard_conforming_strings = off; "
                + INSERT + "('psql', 'card 4111\\x201111 1111 1111')");
        Psql.Result masked = Psql.command(gateway, "SET standard_conforming_strings = off; "
                + INSERT + "('psql', " + quote(Pii.trace("after set")) + ")");

        assertThat(kept.exitCode()).as(kept.output()).isZero();
        assertThat(masked.exitCode()).as(masked.output()).isZero();
        assertThat(StoredTraces.reasonings()).containsExactly("card 4111\\x201111 1111 1111", Pii.maskedTrace("after set"));
        StoredTraces.assertNoRawValue();
    }
}
