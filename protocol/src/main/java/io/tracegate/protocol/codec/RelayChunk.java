package io.tracegate.protocol.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;

/**
 * A run of consecutive whole messages that nobody inspects (DataRow, RowDescription, ...), kept
 * as one retained slice so the relay forwards them with one write and no object per message.
 */
public final class RelayChunk extends DefaultByteBufHolder {

    private final int messageCount;

    public RelayChunk(ByteBuf messages, int messageCount) {
        super(messages);
        this.messageCount = messageCount;
    }

    public int messageCount() {
        return messageCount;
    }

    @Override
    public RelayChunk replace(ByteBuf content) {
        return new RelayChunk(content, messageCount);
    }

    @Override
    public String toString() {
        return "RelayChunk(" + messageCount + " messages, " + content().readableBytes() + " bytes)";
    }
}
