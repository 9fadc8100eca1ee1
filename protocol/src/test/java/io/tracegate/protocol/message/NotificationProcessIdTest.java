package io.tracegate.protocol.message;

import static io.tracegate.protocol.codec.Wire.wire;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBufUtil;
import io.tracegate.protocol.codec.PgFrame;
import io.tracegate.protocol.codec.Wire;
import org.junit.jupiter.api.Test;

/** The process id of a relayed NotificationResponse, rewritten in place. */
class NotificationProcessIdTest {

    private static byte[] bytes(int processId) {
        return wire().byte1('A').int32(4 + 4 + 3 + 6).int32(processId).string("ch").string("hello").toBytes();
    }

    private static PgFrame notification(int processId) {
        return Wire.frame(bytes(processId));
    }

    @Test
    void theMatchingIdIsReplacedAndNothingElseChanges() {
        PgFrame frame = notification(4711);
        try {
            assertThat(NotificationResponse.replaceProcessId(frame, 4711, 99)).isTrue();
            assertThat(ByteBufUtil.getBytes(frame.content())).isEqualTo(bytes(99));
            assertThat(NotificationResponse.decode(frame.body())).isEqualTo(new NotificationResponse(99, "ch", "hello"));
        } finally {
            frame.release();
        }
    }

    @Test
    void anotherBackendsIdIsLeftAlone() {
        PgFrame frame = notification(1234);
        try {
            assertThat(NotificationResponse.replaceProcessId(frame, 4711, 99)).isFalse();
            assertThat(NotificationResponse.decode(frame.body()).processId()).isEqualTo(1234);
        } finally {
            frame.release();
        }
    }

    @Test
    void aBodyTooShortForAnIdIsLeftAlone() {
        PgFrame frame = Wire.frame(wire().byte1('A').int32(6).int8(0).int8(0).toBytes());
        try {
            assertThat(NotificationResponse.replaceProcessId(frame, 0, 99)).isFalse();
            assertThat(frame.bodyLength()).isEqualTo(2);
        } finally {
            frame.release();
        }
    }
}
