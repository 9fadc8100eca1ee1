package io.tracegate.proxy.audit;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.Unpooled;
import io.tracegate.policy.audit.AuditEvent;
import io.tracegate.policy.audit.AuditEventJson;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Writes {@link AuditChain} lines straight into a sink's batch buffer: the generator's UTF-8
 * goes into the buffer, and the line's SHA-256 is taken from the bytes where they lie. A
 * statement's line carries its whole text (4 KB and more for a trace), so a String, a byte array
 * and their copies per event are what this spares the writer thread.
 *
 * <p>The batch buffer is reused from batch to batch; one that grew past
 * {@value #KEPT_CAPACITY} bytes for a burst of large events is let go. Not thread-safe: one per
 * sink, used by its writer thread; {@link #close()} releases the buffer.
 */
final class ChainedLineWriter implements AutoCloseable {

    private static final JsonFactory FACTORY = new JsonFactory();
    private static final HexFormat HEX = HexFormat.of();
    private static final int INITIAL_CAPACITY = 64 * 1024;
    private static final int KEPT_CAPACITY = 8 * 1024 * 1024;

    private final MessageDigest sha256 = AuditChain.sha256();
    private ByteBuf batch = Unpooled.buffer(INITIAL_CAPACITY);

    /** The batch buffer, emptied, for the next batch's lines and whatever frames them. */
    ByteBuf newBatch() {
        if (batch.capacity() > KEPT_CAPACITY) {
            batch.release();
            batch = Unpooled.buffer(INITIAL_CAPACITY);
        }
        return batch.clear();
    }

    /**
     * Appends the line for {@code event} at {@code seq}, after a line hashing to {@code prev}, to
     * the batch buffer (without a line break) and returns the line's hash.
     */
    String writeLine(long seq, String prev, AuditEvent event) {
        ByteBuf out = batch;
        int start = out.writerIndex();
        try (JsonGenerator json = FACTORY.createGenerator((OutputStream) new ByteBufOutputStream(out),
                JsonEncoding.UTF8)) {
            json.writeStartObject();
            json.writeNumberField(AuditChain.SEQ, seq);
            json.writeStringField(AuditChain.PREV, prev);
            AuditEventJson.writeFields(event, json);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a heap buffer does not fail
        }
        sha256.update(out.nioBuffer(start, out.writerIndex() - start));
        return HEX.formatHex(sha256.digest());
    }

    @Override
    public void close() {
        if (batch.refCnt() > 0) {
            batch.release();
        }
    }
}
