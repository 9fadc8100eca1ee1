package io.tracegate.protocol.message;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.tracegate.protocol.codec.PgProtocolException;
import org.junit.jupiter.api.Test;

/** Describe and Close name a prepared statement ('S') or a portal ('P'), nothing else. */
class TargetKindTest {

    private static ByteBuf body(int kind, String name) {
        ByteBuf body = Unpooled.buffer();
        body.writeByte(kind);
        body.writeCharSequence(name, UTF_8);
        body.writeByte(0);
        return body;
    }

    @Test
    void statementsAndPortalsDecode() {
        assertThat(Describe.decode(body('S', "s1"), UTF_8)).isEqualTo(new Describe(Describe.STATEMENT, "s1"));
        assertThat(Describe.decode(body('P', ""), UTF_8)).isEqualTo(new Describe(Describe.PORTAL, ""));
        assertThat(Close.decode(body('S', "s1"), UTF_8)).isEqualTo(new Close(Close.STATEMENT, "s1"));
        assertThat(Close.decode(body('P', "c"), UTF_8)).isEqualTo(new Close(Close.PORTAL, "c"));
    }

    @Test
    void anyOtherKindIsAProtocolViolationSayingWhatWasExpected() {
        assertThatThrownBy(() -> Describe.decode(body('X', "s1"), UTF_8))
                .isInstanceOfSatisfying(PgProtocolException.class, e -> assertThat(e.sqlState()).isEqualTo("08P01"))
                .hasMessage("invalid DESCRIBE message subtype 88: expected 'S' (prepared statement) or 'P' (portal)");
        assertThatThrownBy(() -> Close.decode(body(0, "s1"), UTF_8))
                .isInstanceOfSatisfying(PgProtocolException.class, e -> assertThat(e.sqlState()).isEqualTo("08P01"))
                .hasMessage("invalid CLOSE message subtype 0: expected 'S' (prepared statement) or 'P' (portal)");
        assertThatThrownBy(() -> Close.decode(body(0xC3, "s1"), UTF_8))
                .hasMessageStartingWith("invalid CLOSE message subtype 195:");
    }

    @Test
    void describesKindIsCheckedWithoutConsumingTheBody() {
        ByteBuf body = body('P', "portal");
        assertThat(Describe.kind(body)).isEqualTo('P');
        assertThat(body.readerIndex()).isZero();
        assertThatThrownBy(() -> Describe.kind(body('D', ""))).isInstanceOf(PgProtocolException.class);
    }
}
