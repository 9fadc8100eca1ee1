package io.tracegate.protocol.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Splits a stream of typed PostgreSQL messages (everything after the startup phase, in either
 * direction) into frames without copying.
 *
 * <p>Message types in {@code inspected} come out one by one as {@link PgFrame}. Consecutive
 * messages of any other type come out together as one {@link RelayChunk}, which is what keeps
 * result sets cheap: a thousand DataRows in one read become one slice and one write.
 *
 * <p>A length below 4 or above {@code maxMessageSize} is a protocol violation (08P01); the
 * decoder then discards everything that follows.
 */
public final class PgFrameDecoder extends ByteToMessageDecoder {

    private final int maxMessageSize;
    private final MessageTypes inspected;
    private boolean broken;

    public PgFrameDecoder(int maxMessageSize, MessageTypes inspected) {
        if (maxMessageSize < 5) {
            throw new IllegalArgumentException("maxMessageSize must be at least 5 bytes, got " + maxMessageSize);
        }
        this.maxMessageSize = maxMessageSize;
        this.inspected = inspected;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (broken) {
            in.skipBytes(in.readableBytes());
            return;
        }
        int runStart = -1;
        int runCount = 0;
        while (in.readableBytes() >= PgFrame.HEADER_LENGTH) {
            int start = in.readerIndex();
            byte type = in.getByte(start);
            int length = in.getInt(start + 1);
            if (length < 4 || length > maxMessageSize - 1) {
                broken = true;
                emitRun(in, runStart, start, runCount, out);
                in.skipBytes(in.readableBytes());
                throw new PgProtocolException("08P01", length < 4
                        ? "invalid message length " + length + " for message type '" + printable(type) + "'"
                        : "message of type '" + printable(type) + "' is " + (length + 1L)
                                + " bytes, over the limit of " + maxMessageSize + " bytes");
            }
            int frameLength = length + 1;
            if (in.readableBytes() < frameLength) {
                break;
            }
            if (inspected.contains(type)) {
                emitRun(in, runStart, start, runCount, out);
                runStart = -1;
                runCount = 0;
                out.add(new PgFrame(type, in.readRetainedSlice(frameLength)));
            } else {
                if (runStart < 0) {
                    runStart = start;
                }
                runCount++;
                in.skipBytes(frameLength);
            }
        }
        emitRun(in, runStart, in.readerIndex(), runCount, out);
    }

    private static void emitRun(ByteBuf in, int runStart, int runEnd, int runCount, List<Object> out) {
        if (runStart >= 0 && runEnd > runStart) {
            out.add(new RelayChunk(in.retainedSlice(runStart, runEnd - runStart), runCount));
        }
    }

    private static String printable(byte type) {
        return type >= 0x20 && type < 0x7F ? String.valueOf((char) type) : String.format("0x%02x", type & 0xFF);
    }
}
