package io.tracegate.policy.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Reads where the gateway keeps its records: {@code audit}, {@code approvals}, {@code state}, {@code recording}. */
final class StorageSections {
    /** Smaller files would rotate on nearly every event and defeat the point of a file. */
    private static final long MIN_FILE_BYTES = 4 * 1024;

    private static final Map<String, AuditSinkKind> SINKS =
            MapReader.spellings(AuditSinkKind.values(), k -> k.name().toLowerCase(Locale.ROOT));
    private static final Map<String, AuditFailureMode> FAILURE_MODES =
            MapReader.spellings(AuditFailureMode.values(), m -> m.name().toLowerCase(Locale.ROOT));
    private static final Map<String, StateStoreKind> STORES =
            MapReader.spellings(StateStoreKind.values(), k -> k.name().toLowerCase(Locale.ROOT));

    private StorageSections() {
    }

    static AuditConfig audit(MapReader root) {
        MapReader audit = root.mapping("audit");
        AuditSinkKind sink = audit.choice("sink", AuditSinkKind.FILE, SINKS);
        Path file = audit.path("file", Path.of("./data/audit.jsonl"));
        JdbcConfig postgres = jdbc(audit.mapping("postgres"), sink == AuditSinkKind.POSTGRES, "audit.sink is postgres");
        AuditFailureMode onFailure = audit.choice("on_failure", AuditFailureMode.BLOCK, FAILURE_MODES);
        long rotateBytes = audit.size("rotate_size", AuditConfig.DEFAULT_ROTATE_BYTES, MIN_FILE_BYTES, Long.MAX_VALUE);
        Duration syncInterval = audit.durationOrZero("sync_interval", AuditConfig.DEFAULT_SYNC_INTERVAL);
        audit.finish();
        return new AuditConfig(sink, file, postgres, onFailure, rotateBytes, syncInterval);
    }

    static ApprovalsConfig approvals(MapReader root) {
        MapReader approvals = root.mapping("approvals");
        Optional<MapReader.Value> webhook = approvals.value("webhook_url");
        webhook.ifPresent(url -> checkHttpUrl(approvals, url));
        approvals.finish();
        return new ApprovalsConfig(webhook.map(MapReader.Value::text));
    }

    private static void checkHttpUrl(MapReader reader, MapReader.Value url) {
        try {
            URI uri = new URI(url.text());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return;
            }
        } catch (URISyntaxException e) {
            // reported below: the user needs the expected form more than the parser's complaint
        }
        reader.error(url, "'" + url.text() + "' is not an http:// or https:// URL with a host");
    }

    static StateConfig state(MapReader root) {
        MapReader state = root.mapping("state");
        StateStoreKind store = state.choice("store", StateStoreKind.EMBEDDED, STORES);
        JdbcConfig postgres = jdbc(state.mapping("postgres"), store == StateStoreKind.POSTGRES, "state.store is postgres");
        state.finish();
        return new StateConfig(store, postgres);
    }

    static RecordingConfig recording(MapReader root) {
        MapReader recording = root.mapping("recording");
        boolean enabled = recording.bool("enabled", false);
        Path dir = recording.path("dir", Path.of("./data/sessions"));
        boolean includeRows = recording.bool("include_rows", false);
        long maxBytes = recording.size("max_session_size", RecordingConfig.DEFAULT_MAX_BYTES_PER_SESSION,
                MIN_FILE_BYTES, Long.MAX_VALUE);
        recording.finish();
        return new RecordingConfig(enabled, dir, includeRows, maxBytes);
    }

    /** A control database; {@code url} is required only when {@code inUse}, whose reason the message gives. */
    private static JdbcConfig jdbc(MapReader jdbc, boolean inUse, String why) {
        Optional<MapReader.Value> url = jdbc.value("url");
        Optional<String> user = jdbc.optionalString("user");
        Optional<String> password = jdbc.optionalString("password");
        jdbc.finish();
        if (url.isPresent() && !url.get().text().startsWith("jdbc:postgresql:")) {
            jdbc.error(url.get(), "'" + url.get().text() + "' is not a PostgreSQL JDBC URL (jdbc:postgresql://host:port/db)");
        } else if (url.isEmpty() && inUse && !jdbc.failed("url")) {
            jdbc.context().errorAt(jdbc.key("url"), "is required because " + why);
        }
        return new JdbcConfig(url.map(MapReader.Value::text), user, password);
    }
}
