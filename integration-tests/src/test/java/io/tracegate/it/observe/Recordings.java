package io.tracegate.it.observe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Finds a session's recording and replays it with {@code tracegate replay --json}. */
final class Recordings {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(30);

    private Recordings() {
    }

    /** The recording of session {@code sessionId} under {@code dir}, once its end is written. */
    static Path awaitFinished(Path dir, String sessionId) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            List<Path> found = find(dir, sessionId);
            if (found.size() == 1 && replayJson(found.get(0)).stream().anyMatch(e -> e.path("kind").asText().equals("end"))) {
                return found.get(0);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no finished recording of session " + sessionId + " under " + dir + ": " + found);
            }
            Thread.sleep(50);
        }
    }

    private static List<Path> find(Path dir, String sessionId) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(file -> file.getFileName().toString().endsWith("_" + sessionId + ".jsonl")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code tracegate replay --json FILE}: one object per entry. */
    static List<JsonNode> replayJson(Path recording) {
        Cli.Result result = Cli.run("replay", "--json", recording.toString());
        if (result.exitCode() != 0) {
            throw new AssertionError("replay --json failed: " + result);
        }
        List<JsonNode> entries = new ArrayList<>();
        for (String line : result.out().split("\n")) {
            if (!line.isBlank()) {
                try {
                    entries.add(JSON.readTree(line));
                } catch (IOException e) {
                    throw new AssertionError("replay --json printed a line that is not JSON: " + line, e);
                }
            }
        }
        return entries;
    }

    /** The texts of the entries for {@code message} (e.g. Parse, CommandComplete), in order. */
    static List<String> texts(List<JsonNode> entries, String message) {
        return entries.stream().filter(e -> e.path("message").asText().equals(message))
                .map(e -> e.path("text").asText()).toList();
    }
}
