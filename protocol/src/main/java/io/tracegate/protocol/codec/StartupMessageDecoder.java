package io.tracegate.protocol.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.tracegate.protocol.message.CancelRequest;
import io.tracegate.protocol.message.GssEncRequest;
import io.tracegate.protocol.message.SslRequest;
import io.tracegate.protocol.message.StartupMessage;
import java.util.List;
import java.util.function.Supplier;

/**
 * Decodes the untyped messages of the startup phase: SSLRequest, GSSENCRequest, CancelRequest
 * and StartupMessage. Once the StartupMessage has arrived the stream switches to typed messages,
 * so this decoder replaces itself with the one {@code typedDecoder} supplies; bytes already
 * received flow on into it.
 */
public final class StartupMessageDecoder extends ByteToMessageDecoder {

    /** PostgreSQL's MAX_STARTUP_PACKET_LENGTH. */
    public static final int MAX_STARTUP_PACKET_LENGTH = 10_000;

    private final Supplier<ChannelHandler> typedDecoder;
    private boolean failed;

    public StartupMessageDecoder(Supplier<ChannelHandler> typedDecoder) {
        this.typedDecoder = typedDecoder;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (in.readableBytes() < 8) {
            return;
        }
        int start = in.readerIndex();
        int length = in.getInt(start);
        if (length < 8 || length > MAX_STARTUP_PACKET_LENGTH) {
            throw fail(in, "invalid length of startup packet: " + length);
        }
        if (in.readableBytes() < length) {
            return;
        }
        int code = in.getInt(start + 4);
        ByteBuf body = in.slice(start + 8, length - 8);
        in.skipBytes(length);
        switch (code) {
            case SslRequest.CODE -> {
                // Bytes sent after SSLRequest but before the handshake would be read as if they came
                // over TLS (CVE-2021-23214): refuse them.
                if (in.isReadable()) {
                    throw fail(in, "received unencrypted data after SSL request");
                }
                out.add(SslRequest.INSTANCE);
            }
            case GssEncRequest.CODE -> {
                // The same for GSSENCRequest, as PostgreSQL checks it whatever it answers
                // (CVE-2021-23222's counterpart on the GSSAPI side).
                if (in.isReadable()) {
                    throw fail(in, "received unencrypted data after GSSAPI encryption request");
                }
                out.add(GssEncRequest.INSTANCE);
            }
            case CancelRequest.CODE -> out.add(decodeBody(in, () -> CancelRequest.decode(body)));
            default -> {
                if (code >>> 16 != 3) {
                    throw fail(in, "unsupported frontend protocol " + (code >>> 16) + "." + (code & 0xFFFF)
                            + ": server supports 3.0 to 3.0");
                }
                out.add(decodeBody(in, () -> StartupMessage.decode(code, body)));
                ctx.pipeline().replace(this, "pg-frame-decoder", typedDecoder.get());
            }
        }
    }

    /** A malformed packet body is as fatal as a bad length: stop decoding, like {@link #fail}. */
    private Object decodeBody(ByteBuf in, Supplier<Object> decoder) {
        try {
            return decoder.get();
        } catch (PgProtocolException e) {
            failed = true;
            in.skipBytes(in.readableBytes());
            throw e;
        }
    }

    private PgProtocolException fail(ByteBuf in, String message) {
        failed = true;
        in.skipBytes(in.readableBytes());
        return new PgProtocolException("08P01", message);
    }
}
