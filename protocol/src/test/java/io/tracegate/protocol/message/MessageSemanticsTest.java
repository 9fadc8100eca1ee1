package io.tracegate.protocol.message;

import static io.tracegate.protocol.codec.Wire.ascii;
import static io.tracegate.protocol.codec.Wire.wire;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.tracegate.protocol.codec.PgProtocolException;
import io.tracegate.protocol.codec.Wire;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What the records offer beyond their wire form: the 0/1/N format rule, accessors, copies, safe toString. */
class MessageSemanticsTest {

    @Test
    void bindResolvesParameterFormatsByTheZeroOneNRule() {
        List<byte[]> three = Arrays.asList(ascii("a"), ascii("b"), null);
        Bind none = new Bind("", "", new short[0], three, new short[0]);
        Bind one = new Bind("", "", new short[] {Bind.BINARY}, three, new short[0]);
        Bind each = new Bind("", "", new short[] {Bind.BINARY, Bind.TEXT, Bind.BINARY}, three, new short[0]);
        for (int i = 0; i < 3; i++) {
            assertThat(none.parameterFormat(i)).isEqualTo(Bind.TEXT);
            assertThat(one.parameterFormat(i)).isEqualTo(Bind.BINARY);
        }
        assertThat(each.parameterFormat(0)).isEqualTo(Bind.BINARY);
        assertThat(each.parameterFormat(1)).isEqualTo(Bind.TEXT);
        assertThat(each.parameterFormat(2)).isEqualTo(Bind.BINARY);
    }

    @Test
    void bindWithAFormatCountThatIsNeitherZeroOneNorNIsAProtocolViolation() {
        assertThatThrownBy(() -> new Bind("", "", new short[] {0, 0}, List.of(ascii("a")), new short[0]))
                .isInstanceOfSatisfying(PgProtocolException.class, e -> assertThat(e.sqlState()).isEqualTo("08P01"));
    }

    @Test
    void bindKeepsNullDistinctFromEmpty() {
        Bind withNull = new Bind("", "", new short[0], Arrays.asList((byte[]) null), new short[0]);
        Bind withEmpty = new Bind("", "", new short[0], List.of(new byte[0]), new short[0]);
        assertThat(withNull).isNotEqualTo(withEmpty);
        assertThat(withNull.parameters().get(0)).isNull();
    }

    @Test
    void bindWithParametersKeepsNamesAndFormats() {
        Bind bind = new Bind("p1", "s1", new short[] {1}, List.of(ascii("4111111111111111")), new short[] {1});
        Bind masked = bind.withParameters(List.of(ascii("XXXX")));
        assertThat(masked).isEqualTo(new Bind("p1", "s1", new short[] {1}, List.of(ascii("XXXX")), new short[] {1}));
    }

    @Test
    void bindPeekStatementReadsTheNameWithoutConsumingTheBody() {
        ByteBuf body = Wire.buffer(wire().string("p1").string("s1").int16(0).int16(0).int16(0).toBytes());
        try {
            assertThat(Bind.peekStatement(body, UTF_8)).isEqualTo("s1");
            assertThat(body.readerIndex()).isZero();
        } finally {
            body.release();
        }
    }

    @Test
    void parseReportsUnspecifiedTypesAsZero() {
        Parse parse = new Parse("", "SELECT $1, $2, $3", new int[] {23, 0});
        assertThat(parse.parameterType(0)).isEqualTo(23);
        assertThat(parse.parameterType(1)).isZero();
        assertThat(parse.parameterType(2)).isZero(); // not even listed
    }

    @Test
    void recordsCopyTheArraysTheyAreGivenAndHandOut() {
        byte[] secret = {1, 2, 3, 4};
        short[] formats = {1};
        int[] types = {23};
        CancelRequest cancel = new CancelRequest(1, secret);
        Bind bind = new Bind("", "", formats, List.of(ascii("a")), formats);
        Parse parse = new Parse("", "SELECT $1", types);
        secret[0] = 9;
        formats[0] = 0;
        types[0] = 25;
        cancel.secretKey()[1] = 9;
        bind.parameterFormats()[0] = 0;
        parse.parameterTypes()[0] = 25;
        assertThat(cancel.secretKey()).containsExactly(1, 2, 3, 4);
        assertThat(bind.parameterFormat(0)).isEqualTo(Bind.BINARY);
        assertThat(bind.resultFormats()).containsExactly(1);
        assertThat(parse.parameterType(0)).isEqualTo(23);
    }

    @Test
    void toStringNeverShowsValuesPolicyMayMask() {
        String secret = "4111111111111111";
        List<Object> messages = List.of(
                new Query("INSERT INTO cards VALUES ('" + secret + "')"),
                new Parse("", "SELECT '" + secret + "'", new int[0]),
                new Bind("", "", new short[0], List.of(ascii(secret)), new short[0]),
                new DataRow(List.of(ascii(secret))),
                new CopyData(ascii(secret)),
                PasswordMessage.password(secret),
                new FunctionCall(1, new short[0], List.of(ascii(secret)), (short) 0),
                new FunctionCallResponse(ascii(secret)),
                new Authentication.SaslContinue(ascii(secret)),
                new Authentication.SaslFinal(ascii(secret)));
        for (Object message : messages) {
            assertThat(message.toString()).doesNotContain(secret);
        }
    }

    @Test
    void passwordMessageReadsBackAsPasswordAndSaslInitialResponse() {
        assertThat(PasswordMessage.password("secret").asPassword()).isEqualTo("secret");

        PasswordMessage.SaslInitialResponse initial =
                PasswordMessage.saslInitialResponse("SCRAM-SHA-256", ascii("n,,n=,r=abc")).asSaslInitialResponse();
        assertThat(initial.mechanism()).isEqualTo("SCRAM-SHA-256");
        assertThat(initial.data()).isEqualTo(ascii("n,,n=,r=abc"));

        // Int32(-1) for "no initial response" reads as no data.
        PasswordMessage noData = new PasswordMessage(wire().string("SCRAM-SHA-256").int32(-1).toBytes());
        assertThat(noData.asSaslInitialResponse().data()).isEmpty();
    }

    @Test
    void aSaslInitialResponseCutBeforeItsLengthIsAProtocolViolation() {
        PasswordMessage cut = new PasswordMessage(wire().string("SCRAM-SHA-256").int16(0).toBytes());
        assertThatThrownBy(cut::asSaslInitialResponse)
                .isInstanceOfSatisfying(PgProtocolException.class, e -> assertThat(e.sqlState()).isEqualTo("08P01"));
    }

    @Test
    void errorResponseFactoriesAndAccessors() {
        ErrorResponse error = ErrorResponse.error("42501", "blocked by rule r1", "");
        assertThat(error.severity()).isEqualTo("ERROR");
        assertThat(error.sqlState()).isEqualTo("42501");
        assertThat(error.message()).isEqualTo("blocked by rule r1");
        assertThat(error.detail()).isNull(); // empty detail is left out, not sent as an empty field
        assertThat(error.fields().keySet()).containsExactly('S', 'V', 'C', 'M');

        ErrorResponse fatal = ErrorResponse.fatal("28P01", "password authentication failed");
        assertThat(fatal.severity()).isEqualTo("FATAL");
        assertThat(fatal.sqlState()).isEqualTo("28P01");
    }

    @Test
    void errorSeverityFallsBackToTheLocalizedFieldWhenTheServerSendsNoV() {
        // Servers before 9.6 send only 'S', possibly translated.
        ErrorResponse old = new ErrorResponse(Map.of('S', "FEHLER", 'C', "42P01", 'M', "x"));
        assertThat(old.severity()).isEqualTo("FEHLER");
        ErrorResponse current = new ErrorResponse(Map.of('S', "FEHLER", 'V', "ERROR", 'C', "42P01", 'M', "x"));
        assertThat(current.severity()).isEqualTo("ERROR");
    }

    @Test
    void noticeResponseExposesItsMessage() {
        assertThat(NoticeResponse.of("NOTICE", "00000", "relation exists, skipping", null).message())
                .isEqualTo("relation exists, skipping");
    }

    @ParameterizedTest
    @CsvSource({"INSERT 0 3, 3", "SELECT 10, 10", "UPDATE 0, 0", "COPY 5000000000, 5000000000",
        "BEGIN, -1", "CREATE TABLE, -1", "SET, -1"})
    void commandCompleteRowCount(String tag, long rows) {
        assertThat(new CommandComplete(tag).rowCount()).isEqualTo(rows);
    }

    @Test
    void readyForQueryStatusesMapToTheirConstants() {
        for (ReadyForQuery.TransactionStatus status : ReadyForQuery.TransactionStatus.values()) {
            assertThat(ReadyForQuery.of(status).status()).isEqualTo(status);
            assertThat(ReadyForQuery.TransactionStatus.of((byte) status.code())).isEqualTo(status);
        }
        assertThat(ReadyForQuery.of(ReadyForQuery.TransactionStatus.IN_TRANSACTION)).isSameAs(ReadyForQuery.IN_TRANSACTION);
    }

    @Test
    void startupMessageParametersCannotBeChangedAfterTheFact() {
        Map<String, String> parameters = new java.util.LinkedHashMap<>(Map.of("user", "agent"));
        StartupMessage message = new StartupMessage(StartupMessage.PROTOCOL_3_0, parameters);
        parameters.put("user", "postgres");
        assertThat(message.parameter("user")).isEqualTo("agent");
        assertThatThrownBy(() -> message.parameters().put("user", "postgres"))
                .isInstanceOf(UnsupportedOperationException.class);
        List<byte[]> values = new ArrayList<>(List.of(ascii("a")));
        DataRow row = new DataRow(values);
        values.add(ascii("b"));
        assertThat(row.values()).hasSize(1);
    }
}
