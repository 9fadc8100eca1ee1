package io.tracegate.proxy.audit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tracegate.policy.audit.AuditEvent;
import io.tracegate.policy.audit.AuditEventJson;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The hash chain every audit sink writes (the lines come from {@link ChainedLineWriter}): each
 * event becomes one line of JSON that starts with its sequence number and the SHA-256 (hex) of
 * the previous line's UTF-8 bytes,
 * <pre>{"seq":42,"prev":"9f86d0...","time":"...","event":"statement",...}</pre>
 * The first line of a log has {@code prev} = {@link #GENESIS}. Changing a line changes its hash,
 * which no longer matches the next line's {@code prev}; deleting or reordering lines breaks the
 * sequence; so a log can only be extended, never changed, without {@code audit verify} noticing.
 */
public final class AuditChain {

    public static final String SEQ = "seq";
    public static final String PREV = "prev";
    /** {@code prev} of the very first line. */
    public static final String GENESIS = "0".repeat(64);

    private static final JsonFactory FACTORY = new JsonFactory();
    private static final ObjectMapper MAPPER = new ObjectMapper(FACTORY);
    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");
    private static final HexFormat HEX = HexFormat.of();

    private AuditChain() {
    }

    /** SHA-256 of the line's UTF-8 bytes, lower-case hex. */
    public static String hash(String line) {
        return hash(line.getBytes(StandardCharsets.UTF_8));
    }

    /** SHA-256 of the bytes of a line as stored (no line break), lower-case hex. */
    public static String hash(byte[] line) {
        return HEX.formatHex(sha256().digest(line));
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /**
     * Reads a chained line.
     *
     * @throws IllegalArgumentException naming what is wrong when it is not one
     */
    public static Link parse(String line) {
        JsonNode node;
        try {
            node = MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not valid JSON (" + e.getOriginalMessage() + ")", e);
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        JsonNode seq = node.get(SEQ);
        JsonNode prev = node.get(PREV);
        if (seq == null || !seq.canConvertToLong() || seq.asLong() < 1) {
            throw new IllegalArgumentException("no valid \"" + SEQ + "\"");
        }
        if (prev == null || !prev.isTextual() || !HASH.matcher(prev.asText()).matches()) {
            throw new IllegalArgumentException("no valid \"" + PREV + "\"");
        }
        return new Link(seq.asLong(), prev.asText(), AuditEventJson.fromNode(node));
    }

    /** One parsed line: its place in the chain and the event it carries. */
    public record Link(long seq, String prev, AuditEvent event) {
    }
}
