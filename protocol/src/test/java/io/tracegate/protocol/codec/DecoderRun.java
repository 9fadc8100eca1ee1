package io.tracegate.protocol.codec;

import static io.tracegate.protocol.codec.Wire.hex;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * Feeds bytes to a decoder in an {@link EmbeddedChannel}, one write per chunk, and turns what comes
 * out into plain values, releasing every buffer on the way so the leak detector sees a clean run.
 *
 * <p>Frames become {@link Framed}; consecutive relay chunks are merged into one {@link Relayed}
 * (bytes concatenated, counts summed), because where a run is cut depends on where the reads
 * were cut, while the bytes and message count of the run do not. Anything else (the startup
 * records) is kept as it is.
 */
final class DecoderRun {

    /** A {@link PgFrame}: its type and the whole frame, header included, in hex. */
    record Framed(char type, String hex) {
    }

    /** One or more consecutive {@link RelayChunk}s: their bytes in hex and total message count. */
    record Relayed(String hex, int messageCount) {
    }

    /** What the decoder emitted, in order, and the protocol errors the writes raised. */
    record Result(List<Object> events, List<PgProtocolException> errors) {
    }

    private DecoderRun() {
    }

    /** Writes each chunk in turn into a fresh channel built by {@code channel}, then closes it. */
    static Result run(Supplier<EmbeddedChannel> channel, List<byte[]> chunks) {
        EmbeddedChannel ch = channel.get();
        List<Object> events = new ArrayList<>();
        List<PgProtocolException> errors = new ArrayList<>();
        try {
            for (byte[] chunk : chunks) {
                try {
                    ch.writeInbound(Wire.buffer(chunk));
                } catch (PgProtocolException e) {
                    errors.add(e);
                }
                drain(ch, events);
            }
            ch.finish();
            drain(ch, events);
        } finally {
            ch.finishAndReleaseAll();
        }
        return new Result(events, errors);
    }

    static Result run(Supplier<EmbeddedChannel> channel, byte[]... chunks) {
        return run(channel, Arrays.asList(chunks));
    }

    /** The same bytes split in two at every inner byte boundary, one list per split point. */
    static List<List<byte[]>> everySplit(byte[] stream) {
        List<List<byte[]>> splits = new ArrayList<>();
        for (int i = 1; i < stream.length; i++) {
            splits.add(List.of(Arrays.copyOfRange(stream, 0, i), Arrays.copyOfRange(stream, i, stream.length)));
        }
        return splits;
    }

    /** The same bytes, one byte per write. */
    static List<byte[]> oneByteAtATime(byte[] stream) {
        List<byte[]> chunks = new ArrayList<>(stream.length);
        for (byte b : stream) {
            chunks.add(new byte[] {b});
        }
        return chunks;
    }

    private static void drain(EmbeddedChannel ch, List<Object> events) {
        for (Object msg = ch.readInbound(); msg != null; msg = ch.readInbound()) {
            try {
                append(events, normalize(msg));
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }
    }

    private static Object normalize(Object msg) {
        if (msg instanceof PgFrame frame) {
            return new Framed((char) frame.type(), ByteBufUtil.hexDump(frame.content()));
        }
        if (msg instanceof RelayChunk chunk) {
            return new Relayed(ByteBufUtil.hexDump(chunk.content()), chunk.messageCount());
        }
        return msg;
    }

    private static void append(List<Object> events, Object event) {
        int last = events.size() - 1;
        if (event instanceof Relayed next && last >= 0 && events.get(last) instanceof Relayed previous) {
            events.set(last, new Relayed(previous.hex() + next.hex(), previous.messageCount() + next.messageCount()));
        } else {
            events.add(event);
        }
    }

    /** A relay run as a test expects it: the concatenated messages and how many there are. */
    static Relayed relayed(byte[]... messages) {
        return new Relayed(hex(Wire.concat(messages)), messages.length);
    }

    static Framed framed(byte[] message) {
        return new Framed((char) message[0], hex(message));
    }
}
