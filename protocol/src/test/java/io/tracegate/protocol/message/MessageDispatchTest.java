package io.tracegate.protocol.message;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.stream.Collectors.toSet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracegate.protocol.codec.PgFrame;
import io.tracegate.protocol.codec.PgProtocolException;
import io.tracegate.protocol.codec.Wire;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.Arguments;

/**
 * The dispatchers know every type byte of their direction, the wire tests exercise every one of
 * them and every message record, and any other type byte is a protocol violation.
 */
class MessageDispatchTest {

    /** Typed frontend messages, from the "Message Formats" chapter. */
    private static final String FRONTEND_TYPES = "QPBDECSHXdcfFp";
    /** Backend messages, from the same chapter. */
    private static final String BACKEND_TYPES = "RKSZCENI123nstTDGHWdcAVv";

    @Test
    void theWireTestsCoverEveryMessageRecord() {
        Set<Class<?>> tested = Stream.of(
                        FrontendMessageWireTest.cases(), BackendMessageWireTest.cases(), StartupPacketWireTest.cases())
                .flatMap(s -> s)
                .map(a -> a.get()[1].getClass())
                .collect(toSet());
        Set<Class<?>> all = new HashSet<>();
        addRecords(FrontendMessage.class, all);
        addRecords(BackendMessage.class, all);
        assertThat(tested).containsExactlyInAnyOrderElementsOf(all);
    }

    @Test
    void theFrontendWireTestsUseEveryTypeTheDispatcherKnows() {
        assertThat(types(FrontendMessageWireTest.cases())).isEqualTo(chars(FRONTEND_TYPES));
    }

    @Test
    void theBackendWireTestsUseEveryTypeTheDispatcherKnows() {
        assertThat(types(BackendMessageWireTest.cases())).isEqualTo(chars(BACKEND_TYPES));
    }

    @Test
    void anyOtherFrontendTypeIsAProtocolViolation() {
        assertOthersRefused(FRONTEND_TYPES, frame -> FrontendMessages.decode(frame, UTF_8), "invalid frontend message type");
    }

    @Test
    void anyOtherBackendTypeIsAProtocolViolation() {
        assertOthersRefused(BACKEND_TYPES, BackendMessages::decode, "invalid backend message type");
    }

    private static void assertOthersRefused(String known, Function<PgFrame, ?> decoder, String message) {
        for (int type = 0; type < 256; type++) {
            if (known.indexOf(type) >= 0) {
                continue;
            }
            PgFrame frame = Wire.frame(new byte[] {(byte) type, 0, 0, 0, 4});
            try {
                assertThatThrownBy(() -> decoder.apply(frame))
                        .as("type 0x%02x", type)
                        .isInstanceOfSatisfying(PgProtocolException.class, e -> {
                            assertThat(e.sqlState()).isEqualTo("08P01");
                            assertThat(e.getMessage()).contains(message);
                        });
            } finally {
                frame.release();
            }
        }
    }

    /** The concrete records under a sealed interface, through nested sealed interfaces such as Authentication. */
    private static void addRecords(Class<?> type, Set<Class<?>> into) {
        if (type.isSealed()) {
            for (Class<?> sub : type.getPermittedSubclasses()) {
                addRecords(sub, into);
            }
        } else {
            into.add(type);
        }
    }

    private static Set<Character> types(Stream<Arguments> cases) {
        return cases.map(a -> (char) ((byte[]) a.get()[2])[0]).collect(toSet());
    }

    private static Set<Character> chars(String s) {
        return s.chars().mapToObj(c -> (char) c).collect(toSet());
    }
}
