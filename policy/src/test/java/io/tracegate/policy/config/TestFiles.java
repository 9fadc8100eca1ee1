package io.tracegate.policy.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Locates test inputs and builds fake environments. */
final class TestFiles {
    private TestFiles() {
    }

    /**
     * {@code shared/examples/tracegate.yaml}, found by walking up from the working directory: the
     * repository's parent holds {@code shared/}, and Maven may run from the root or the module.
     */
    static Path sharedExample() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared/examples/tracegate.yaml");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("shared/examples/tracegate.yaml not found above " + Path.of("").toAbsolutePath());
    }

    static String resource(String name) {
        try (InputStream in = TestFiles.class.getResourceAsStream("/config/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource config/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An environment holding only the given NAME, value pairs. */
    static Function<String, Optional<String>> env(String... namesAndValues) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            values.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return name -> Optional.ofNullable(values.get(name));
    }
}
