package io.tracegate.proxy.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * The file sink's note of where its chain ends: the last sequence number written and that
 * line's hash, replaced (atomically, by rename) after every batch. A hash chain by itself
 * cannot tell a log whose last lines were cut off from one that simply ended there; comparing
 * with the head can. Someone able to rewrite the head can of course hide that too: the head
 * raises the bar from deleting lines to deleting lines and forging the head consistently,
 * and copying heads elsewhere now and then closes it.
 */
public record AuditHead(long seq, String hash) {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Replaces the head file of {@code live}. */
    void write(Path live) throws IOException {
        Path head = AuditFiles.headFile(live);
        Path temp = head.resolveSibling(head.getFileName() + ".tmp");
        String json = "{\"seq\":" + seq + ",\"hash\":\"" + hash + "\"}\n";
        Files.writeString(temp, json, StandardCharsets.UTF_8);
        Files.move(temp, head, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The head of {@code live}, if it has one. */
    public static Optional<AuditHead> read(Path live) throws IOException {
        Path head = AuditFiles.headFile(live);
        if (!Files.exists(head)) {
            return Optional.empty();
        }
        JsonNode node = MAPPER.readTree(Files.readString(head, StandardCharsets.UTF_8));
        if (node == null || !node.path("seq").canConvertToLong() || !node.path("hash").isTextual()) {
            throw new IOException(head + " is not an audit head file");
        }
        return Optional.of(new AuditHead(node.get("seq").asLong(), node.get("hash").asText()));
    }
}
