package io.tracegate.proxy.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.tracegate.protocol.codec.PgFrame;
import io.tracegate.protocol.message.CopyData;
import io.tracegate.protocol.message.CopyDone;
import io.tracegate.protocol.message.CopyFail;
import io.tracegate.policy.engine.CopyPlan;
import io.tracegate.policy.engine.CopyRowMasker;
import io.tracegate.policy.engine.PolicyEngine;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.util.function.Consumer;

/**
 * Rewrites the CopyData of a {@code COPY ... FROM STDIN} into a protected table: the bytes are
 * decoded as a stream (a character may be split between two messages), handed to the policy's
 * row masker, and only whole, masked rows are sent on. COPY into other tables passes untouched.
 *
 * <p>Data the masker refuses (bad JSON in a json column, bytes invalid in the client encoding)
 * ends the COPY, not the session: the gateway sends CopyFail with a message that names the row
 * and column but never the value, the server answers the client with its error, and the rest of
 * the client's COPY data is dropped (the server would ignore it too).
 */
final class CopyInMasking {

    private final PolicyEngine engine;
    private final Consumer<ByteBuf> upstream;
    private final ByteBufAllocator alloc;
    private CopyPlan expected;
    private CopyRowMasker masker;
    private CharsetDecoder decoder;
    private ByteBuffer undecoded = ByteBuffer.allocate(0);
    /** The COPY was failed by the gateway; drop the client's data until its CopyDone or CopyFail. */
    private boolean abandoned;

    CopyInMasking(PolicyEngine engine, Consumer<ByteBuf> upstream, ByteBufAllocator alloc) {
        this.engine = engine;
        this.upstream = upstream;
        this.alloc = alloc;
    }

    /** The query just forwarded starts a COPY FROM STDIN that must be masked with {@code plan}. */
    void expect(CopyPlan plan) {
        expected = plan;
    }

    void onFrame(PgFrame frame, Charset charset) {
        if (abandoned) {
            abandoned = frame.type() == 'd';
            frame.release();
            return;
        }
        if (masker == null && expected == null) {
            upstream.accept(frame.content());
            return;
        }
        if (masker == null) {
            masker = engine.copyMasker(expected);
            decoder = charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
            expected = null;
        }
        try {
            switch (frame.type()) {
                case 'd' -> {
                    byte[] bytes = new byte[frame.bodyLength()];
                    frame.body().getBytes(0, bytes);
                    frame.release();
                    send(masker.accept(decode(bytes, false)), charset);
                }
                case 'c' -> {
                    frame.release();
                    send(masker.accept(decode(new byte[0], true)), charset);
                    send(masker.finish(), charset);
                    upstream.accept(CopyDone.INSTANCE.encode(alloc));
                    reset();
                }
                default -> {
                    upstream.accept(frame.content());
                    reset();
                }
            }
        } catch (IllegalArgumentException | CopyDataException e) {
            // CopyDataRejectedException is an IllegalArgumentException whose message holds no value.
            upstream.accept(new CopyFail(e.getMessage()).encode(alloc));
            abandoned = frame.type() == 'd';
            reset();
        }
    }

    private String decode(byte[] bytes, boolean endOfInput) {
        ByteBuffer input = ByteBuffer.allocate(undecoded.remaining() + bytes.length);
        input.put(undecoded).put(bytes).flip();
        CharBuffer out = CharBuffer.allocate((int) (input.remaining() * (double) decoder.maxCharsPerByte()) + 4);
        CoderResult result = decoder.decode(input, out, endOfInput);
        if (result.isError() || endOfInput && input.hasRemaining()) {
            // The server would refuse such bytes too; they cannot hide a value from the masker.
            throw new CopyDataException("COPY data is not valid in the session's client_encoding " + decoder.charset());
        }
        undecoded = input.slice();
        out.flip();
        return out.toString();
    }

    private void send(String rows, Charset charset) {
        if (!rows.isEmpty()) {
            upstream.accept(new CopyData(rows.getBytes(charset)).encode(alloc));
        }
    }

    private void reset() {
        masker = null;
        decoder = null;
        undecoded = ByteBuffer.allocate(0);
    }

    void close() {
        expected = null;
        reset();
    }

    /** COPY data the gateway cannot decode; the session answers with an error. */
    static final class CopyDataException extends RuntimeException {
        CopyDataException(String message) {
            super(message, null, false, false);
        }
    }
}
