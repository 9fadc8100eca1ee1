package io.tracegate.protocol.codec;

import static io.tracegate.protocol.codec.DecoderRun.framed;
import static io.tracegate.protocol.codec.DecoderRun.relayed;
import static io.tracegate.protocol.codec.Wire.concat;
import static io.tracegate.protocol.codec.Wire.hex;
import static io.tracegate.protocol.codec.Wire.wire;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PgFrameDecoderTest {

    /** What a backend-side session would inspect: completions, readiness, errors. */
    private static final MessageTypes INSPECTED = MessageTypes.of('C', 'Z', 'E', 'I');

    // A SELECT's answer and some chatter after it, byte by byte from the "Message Formats" chapter.
    private static final byte[] ROW_DESCRIPTION = wire().byte1('T').int32(27).int16(1)
            .string("id").int32(16384).int16(1).int32(23).int16(4).int32(-1).int16(0).toBytes();
    private static final byte[] DATA_ROW_1 = wire().byte1('D').int32(11).int16(1).int32(1).text("1").toBytes();
    private static final byte[] DATA_ROW_2 = wire().byte1('D').int32(11).int16(1).int32(1).text("2").toBytes();
    private static final byte[] DATA_ROW_NULL = wire().byte1('D').int32(10).int16(1).int32(-1).toBytes();
    private static final byte[] COMMAND_COMPLETE = wire().byte1('C').int32(13).string("SELECT 3").toBytes();
    private static final byte[] READY_FOR_QUERY = wire().byte1('Z').int32(5).byte1('I').toBytes();
    private static final byte[] NOTICE = wire().byte1('N').int32(18)
            .byte1('S').string("WARNING").byte1('M').string("hi").int8(0).toBytes();
    private static final byte[] PARSE_COMPLETE = wire().byte1('1').int32(4).toBytes();
    private static final byte[] EMPTY_QUERY = wire().byte1('I').int32(4).toBytes();
    private static final byte[] ERROR = wire().byte1('E').int32(19)
            .byte1('S').string("ERROR").byte1('C').string("42P01").int8(0).toBytes();
    private static final byte[] DATA_ROW_EMPTY = wire().byte1('D').int32(10).int16(1).int32(0).toBytes();

    private static final byte[] STREAM = concat(ROW_DESCRIPTION, DATA_ROW_1, DATA_ROW_2, DATA_ROW_NULL,
            COMMAND_COMPLETE, READY_FOR_QUERY, NOTICE, PARSE_COMPLETE, EMPTY_QUERY, ERROR, DATA_ROW_EMPTY);

    private static final List<Object> EXPECTED = List.of(
            relayed(ROW_DESCRIPTION, DATA_ROW_1, DATA_ROW_2, DATA_ROW_NULL),
            framed(COMMAND_COMPLETE),
            framed(READY_FOR_QUERY),
            relayed(NOTICE, PARSE_COMPLETE),
            framed(EMPTY_QUERY),
            framed(ERROR),
            relayed(DATA_ROW_EMPTY));

    private static Supplier<EmbeddedChannel> decoder(int maxMessageSize, MessageTypes inspected) {
        return () -> new EmbeddedChannel(new PgFrameDecoder(maxMessageSize, inspected));
    }

    private static final Supplier<EmbeddedChannel> DECODER = decoder(1 << 20, INSPECTED);

    @Test
    void inspectedTypesComeOutAsFramesAndRunsOfOthersAsOneChunk() {
        EmbeddedChannel ch = DECODER.get();
        List<Object> out = new ArrayList<>();
        try {
            ch.writeInbound(Wire.buffer(STREAM));
            for (Object msg = ch.readInbound(); msg != null; msg = ch.readInbound()) {
                out.add(msg);
            }
            assertThat(out).hasSize(7);

            RelayChunk rows = (RelayChunk) out.get(0);
            assertThat(rows.messageCount()).isEqualTo(4);
            assertThat(ByteBufUtil.getBytes(rows.content()))
                    .isEqualTo(concat(ROW_DESCRIPTION, DATA_ROW_1, DATA_ROW_2, DATA_ROW_NULL));

            PgFrame complete = (PgFrame) out.get(1);
            assertThat((char) complete.type()).isEqualTo('C');
            assertThat(ByteBufUtil.getBytes(complete.content())).isEqualTo(COMMAND_COMPLETE);
            assertThat(complete.bodyLength()).isEqualTo(9);
            assertThat(ByteBufUtil.getBytes(complete.body())).isEqualTo(wire().string("SELECT 3").toBytes());

            PgFrame ready = (PgFrame) out.get(2);
            assertThat((char) ready.type()).isEqualTo('Z');
            assertThat(ByteBufUtil.getBytes(ready.body())).containsExactly('I');

            RelayChunk chatter = (RelayChunk) out.get(3);
            assertThat(chatter.messageCount()).isEqualTo(2);
            assertThat(ByteBufUtil.getBytes(chatter.content())).isEqualTo(concat(NOTICE, PARSE_COMPLETE));

            PgFrame empty = (PgFrame) out.get(4);
            assertThat((char) empty.type()).isEqualTo('I');
            assertThat(empty.bodyLength()).isZero();
            assertThat(empty.body().readableBytes()).isZero();

            PgFrame error = (PgFrame) out.get(5);
            assertThat((char) error.type()).isEqualTo('E');
            assertThat(ByteBufUtil.getBytes(error.content())).isEqualTo(ERROR);

            RelayChunk tail = (RelayChunk) out.get(6);
            assertThat(tail.messageCount()).isEqualTo(1);
            assertThat(ByteBufUtil.getBytes(tail.content())).isEqualTo(DATA_ROW_EMPTY);
        } finally {
            out.forEach(ReferenceCountUtil::release);
            ch.finishAndReleaseAll();
        }
    }

    @Test
    void anySplitOfTheStreamYieldsTheSameMessages() {
        assertThat(DecoderRun.run(DECODER, STREAM).events()).isEqualTo(EXPECTED);
        for (List<byte[]> split : DecoderRun.everySplit(STREAM)) {
            DecoderRun.Result result = DecoderRun.run(DECODER, split);
            assertThat(result.errors()).isEmpty();
            assertThat(result.events()).as("split after byte %d", split.get(0).length).isEqualTo(EXPECTED);
        }
    }

    @Test
    void oneByteAtATimeYieldsTheSameMessages() {
        DecoderRun.Result result = DecoderRun.run(DECODER, DecoderRun.oneByteAtATime(STREAM));
        assertThat(result.errors()).isEmpty();
        assertThat(result.events()).isEqualTo(EXPECTED);
    }

    @Test
    void everyRelayChunkHoldsExactlyItsCountOfWholeUninspectedMessages() {
        for (List<byte[]> split : DecoderRun.everySplit(STREAM)) {
            EmbeddedChannel ch = DECODER.get();
            try {
                for (byte[] chunk : split) {
                    ch.writeInbound(Wire.buffer(chunk));
                    for (Object msg = ch.readInbound(); msg != null; msg = ch.readInbound()) {
                        try {
                            if (msg instanceof RelayChunk relay) {
                                List<Character> types = messageTypes(ByteBufUtil.getBytes(relay.content()));
                                assertThat(types).hasSize(relay.messageCount());
                                assertThat(types).noneMatch(type -> INSPECTED.contains((byte) (char) type));
                            }
                        } finally {
                            ReferenceCountUtil.release(msg);
                        }
                    }
                }
            } finally {
                ch.finishAndReleaseAll();
            }
        }
    }

    @Test
    void framesAreSlicesOfTheReceiveBufferNotCopies() {
        EmbeddedChannel ch = DECODER.get();
        ByteBuf received = Wire.buffer(concat(COMMAND_COMPLETE, DATA_ROW_1));
        received.retain(); // keep our own reference to look through after the decoder lets go
        try {
            ch.writeInbound(received);
            PgFrame frame = ch.readInbound();
            RelayChunk chunk = ch.readInbound();
            try {
                received.setByte(5, 'X'); // first letter of "SELECT 3"
                received.setByte(COMMAND_COMPLETE.length + 10, '9'); // the DataRow's value "1"
                assertThat(frame.body().getByte(0)).isEqualTo((byte) 'X');
                assertThat(chunk.content().getByte(10)).isEqualTo((byte) '9');
            } finally {
                frame.release();
                chunk.release();
            }
        } finally {
            received.release();
            ch.finishAndReleaseAll();
        }
    }

    @Test
    void aFrameCutShortByCloseEmitsNothing() {
        byte[] partial = Arrays.copyOf(COMMAND_COMPLETE, COMMAND_COMPLETE.length - 1);
        DecoderRun.Result result = DecoderRun.run(DECODER, concat(DATA_ROW_1, partial));
        assertThat(result.errors()).isEmpty();
        assertThat(result.events()).containsExactly(relayed(DATA_ROW_1));
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 0, -1, Integer.MIN_VALUE})
    void aLengthBelowFourIsAProtocolViolation(int length) {
        byte[] bad = wire().byte1('D').int32(length).int32(0).toBytes();
        DecoderRun.Result result = DecoderRun.run(DECODER,
                concat(DATA_ROW_1, COMMAND_COMPLETE, DATA_ROW_2, bad, READY_FOR_QUERY), READY_FOR_QUERY);

        assertThat(result.errors()).singleElement().satisfies(e -> {
            assertThat(e.sqlState()).isEqualTo("08P01");
            assertThat(e.getMessage()).contains("invalid message length " + length);
        });
        // Whole messages before the bad one still come out; nothing after it ever does.
        assertThat(result.events()).containsExactly(relayed(DATA_ROW_1), framed(COMMAND_COMPLETE), relayed(DATA_ROW_2));
    }

    @Test
    void aMessageOverTheLimitIsRefusedAsSoonAsItsHeaderArrives() {
        byte[] header = wire().byte1('d').int32(64).toBytes(); // 65 bytes on the wire, the limit is 64
        DecoderRun.Result result = DecoderRun.run(decoder(64, INSPECTED), concat(PARSE_COMPLETE, header));

        assertThat(result.errors()).singleElement().satisfies(e -> {
            assertThat(e.sqlState()).isEqualTo("08P01");
            assertThat(e.getMessage()).contains("65 bytes, over the limit of 64 bytes");
        });
        assertThat(result.events()).containsExactly(relayed(PARSE_COMPLETE));
    }

    @Test
    void aMessageExactlyAtTheLimitPasses() {
        byte[] atLimit = wire().byte1('d').int32(63).bytes(new byte[59]).toBytes();
        assertThat(atLimit).hasSize(64);
        DecoderRun.Result result = DecoderRun.run(decoder(64, INSPECTED), atLimit);
        assertThat(result.errors()).isEmpty();
        assertThat(result.events()).containsExactly(relayed(atLimit));
    }

    @Test
    void aBadLengthIsFoundWhereverTheReadsAreCut() {
        byte[] bad = wire().byte1('Q').int32(2).toBytes();
        byte[] stream = concat(DATA_ROW_1, COMMAND_COMPLETE, bad, DATA_ROW_2);
        List<Object> expected = List.of(relayed(DATA_ROW_1), framed(COMMAND_COMPLETE));
        List<List<byte[]>> splits = new ArrayList<>(DecoderRun.everySplit(stream));
        splits.add(DecoderRun.oneByteAtATime(stream));
        for (List<byte[]> split : splits) {
            DecoderRun.Result result = DecoderRun.run(DECODER, split);
            assertThat(result.errors()).singleElement().extracting(PgProtocolException::sqlState).isEqualTo("08P01");
            assertThat(result.events()).isEqualTo(expected);
        }
    }

    @Test
    void inspectingEveryTypeGivesOneFramePerMessage() {
        DecoderRun.Result result = DecoderRun.run(decoder(1 << 20, MessageTypes.all()),
                concat(DATA_ROW_1, PARSE_COMPLETE, READY_FOR_QUERY));
        assertThat(result.events()).containsExactly(framed(DATA_ROW_1), framed(PARSE_COMPLETE), framed(READY_FOR_QUERY));
    }

    @Test
    void inspectingNothingRelaysOneChunkPerRead() {
        DecoderRun.Result result = DecoderRun.run(decoder(1 << 20, MessageTypes.of()), STREAM);
        assertThat(result.events()).containsExactly(relayed(ROW_DESCRIPTION, DATA_ROW_1, DATA_ROW_2, DATA_ROW_NULL,
                COMMAND_COMPLETE, READY_FOR_QUERY, NOTICE, PARSE_COMPLETE, EMPTY_QUERY, ERROR, DATA_ROW_EMPTY));
    }

    @Test
    void aLimitSmallerThanAnEmptyMessageIsRejected() {
        assertThatThrownBy(() -> new PgFrameDecoder(4, INSPECTED)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void frameAndChunkReplaceKeepTheirMetadata() {
        PgFrame frame = Wire.frame(READY_FOR_QUERY);
        PgFrame copy = frame.replace(Wire.buffer(READY_FOR_QUERY));
        RelayChunk chunk = new RelayChunk(Wire.buffer(concat(DATA_ROW_1, DATA_ROW_2)), 2);
        RelayChunk chunkCopy = chunk.replace(Wire.buffer(DATA_ROW_1));
        try {
            assertThat((char) copy.type()).isEqualTo('Z');
            assertThat(hex(ByteBufUtil.getBytes(copy.content()))).isEqualTo(hex(READY_FOR_QUERY));
            assertThat(frame).hasToString("PgFrame(Z, 1 bytes)");
            assertThat(chunkCopy.messageCount()).isEqualTo(2);
            assertThat(chunk).hasToString("RelayChunk(2 messages, 24 bytes)");
        } finally {
            frame.release();
            copy.release();
            chunk.release();
            chunkCopy.release();
        }
    }

    /** Splits whole messages by their length words and returns their type bytes. */
    private static List<Character> messageTypes(byte[] messages) {
        List<Character> types = new ArrayList<>();
        int at = 0;
        while (at < messages.length) {
            types.add((char) messages[at]);
            int length = ((messages[at + 1] & 0xFF) << 24) | ((messages[at + 2] & 0xFF) << 16)
                    | ((messages[at + 3] & 0xFF) << 8) | (messages[at + 4] & 0xFF);
            at += 1 + length;
        }
        assertThat(at).as("chunk ends on a message boundary").isEqualTo(messages.length);
        return types;
    }
}
