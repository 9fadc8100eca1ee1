package io.tracegate.it.masking;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracegate.it.support.GatewayExtension;
import io.tracegate.it.support.GatewayFixture;
import io.tracegate.it.support.PostgresFixture;
import io.tracegate.it.support.RawPgClient;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A client that changes standard_conforming_strings and sends its next statement without
 * waiting: the server reads that statement under the new setting, so the gateway must too. It
 * holds the next message until the server has answered the change (and reported the new value)
 * instead of reading it under the old one.
 *
 * <p>The probe: {@code 'card 4111\ 1111 1111 1111'}. With standard_conforming_strings on, the
 * backslash is a character and the digits are no card number; with it off, {@code \ } is an
 * escaped space and PostgreSQL stores a card number.
 */
class PipelinedSettingsTest {

    private static final String ESCAPED_CARD = "card 4111\\ 1111 1111 1111";

    @RegisterExtension
    static final GatewayExtension gateway = GatewayExtension.emptyingTracesBeforeEach();

    @Test
    void aQueryPipelinedBehindASettingChangeIsReadUnderTheNewSetting() throws Exception {
        try (RawPgClient client = login()) {
            ByteArrayOutputStream pipelined = new ByteArrayOutputStream();
            pipelined.write(RawPgClient.queryBytes("SET standard_conforming_strings = off"));
            pipelined.write(RawPgClient.queryBytes("INSERT INTO public.agent_traces (agent, reasoning) VALUES ('pipe', '"
                    + ESCAPED_CARD + "')"));
            client.write(pipelined.toByteArray());
            assertThat(answers(client, 2)).containsExactly("SET", "INSERT 0 1");
        }
        assertThat(StoredTraces.all()).extracting(StoredTraces.Row::reasoning)
                .containsExactly("card " + Pii.CARD_MASKED);
        StoredTraces.assertNoRawValue();
    }

    @Test
    void anExtendedBatchBehindASettingChangeIsReadUnderTheNewSetting() throws Exception {
        try (RawPgClient client = login()) {
            ByteArrayOutputStream pipelined = new ByteArrayOutputStream();
            // Parse/Bind/Execute/Sync of the SET, then the INSERT's, all in one write.
            pipelined.write(RawPgClient.messageBytes('P', parse("SET standard_conforming_strings = off")));
            pipelined.write(RawPgClient.messageBytes('B', bindUnnamed()));
            pipelined.write(RawPgClient.messageBytes('E', executeUnnamed()));
            pipelined.write(RawPgClient.messageBytes('S', new byte[0]));
            pipelined.write(RawPgClient.messageBytes('P', parse("INSERT INTO public.agent_traces (agent, reasoning)"
                    + " VALUES ('pipe-x', '" + ESCAPED_CARD + "')")));
            pipelined.write(RawPgClient.messageBytes('B', bindUnnamed()));
            pipelined.write(RawPgClient.messageBytes('E', executeUnnamed()));
            pipelined.write(RawPgClient.messageBytes('S', new byte[0]));
            client.write(pipelined.toByteArray());
            assertThat(answers(client, 2)).containsExactly("SET", "INSERT 0 1");
        }
        assertThat(StoredTraces.all()).extracting(StoredTraces.Row::reasoning)
                .containsExactly("card " + Pii.CARD_MASKED);
        StoredTraces.assertNoRawValue();
    }

    private static RawPgClient login() throws Exception {
        RawPgClient client = RawPgClient.connect("127.0.0.1", gateway.port(), Duration.ofSeconds(30));
        client.loginScram(GatewayFixture.AGENT, GatewayFixture.AGENT_PASSWORD, PostgresFixture.TRACES_DATABASE);
        return client;
    }

    /** CommandComplete tags and error SQLSTATEs until {@code readies} ReadyForQuery messages. */
    private static List<String> answers(RawPgClient client, int readies) throws Exception {
        List<String> answers = new ArrayList<>();
        for (int ready = 0; ready < readies; ) {
            RawPgClient.Message message = client.readMessage();
            assertThat(message).as("answers so far: %s", answers).isNotNull();
            if (message.type() == 'C') {
                answers.add(new String(message.body(), 0, message.body().length - 1, StandardCharsets.UTF_8));
            } else if (message.type() == 'E') {
                answers.add("error " + message.sqlState());
            } else if (message.type() == 'Z') {
                ready++;
            }
        }
        return answers;
    }

    private static byte[] parse(String sql) {
        byte[] text = sql.getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[1 + text.length + 1 + 2];
        System.arraycopy(text, 0, body, 1, text.length); // unnamed statement, text, no parameter types
        return body;
    }

    /** Unnamed portal of the unnamed statement, no parameters, default result formats. */
    private static byte[] bindUnnamed() {
        return new byte[] {0, 0, 0, 0, 0, 0, 0, 0};
    }

    private static byte[] executeUnnamed() {
        return new byte[] {0, 0, 0, 0, 0};
    }
}
