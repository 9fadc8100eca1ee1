package io.tracegate.policy.config;

import io.tracegate.policy.ColumnKind;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads who may connect ({@code identities}) and what is protected ({@code tables}). */
final class AccessSections {
    private static final Map<String, ColumnKind> COLUMN_KINDS =
            MapReader.spellings(ColumnKind.values(), k -> k.name().toLowerCase(Locale.ROOT));
    private static final int MAX_NAME_BYTES = 63;

    private AccessSections() {
    }

    /**
     * Every identity, including ones with errors (read with fallbacks), so that checks elsewhere
     * still see their roles and do not report a second, derived error.
     */
    static List<IdentityConfig> identities(MapReader root) {
        ReadContext context = root.context();
        List<IdentityConfig> identities = new ArrayList<>();
        Map<String, Integer> lineOfName = new HashMap<>();
        for (MapReader.Element element : root.sequence("identities")) {
            Optional<MapReader> entry = MapReader.ofEntry(context, element);
            if (entry.isEmpty()) {
                continue;
            }
            MapReader identity = entry.get();
            String name = identity.requiredString("name");
            if (!name.isEmpty()) {
                checkName(identity, name, lineOfName);
            }
            Set<String> roles = new LinkedHashSet<>();
            for (MapReader.Value role : identity.strings("roles")) {
                roles.add(role.text());
            }
            Optional<String> scram = identity.optionalString("scram_sha_256");
            scram.ifPresent(verifier -> check(identity, "scram_sha_256", () -> Secrets.checkScramVerifier(verifier)));
            Optional<String> token = identity.optionalString("api_token_sha256");
            if (token.isPresent()) {
                try {
                    token = Optional.of(Secrets.sha256Hex(token.get()));
                } catch (IllegalArgumentException e) {
                    context.errorAt(identity.key("api_token_sha256"), e.getMessage());
                }
            }
            if (!identity.has("scram_sha_256") && !identity.has("api_token_sha256")) {
                context.error(element.key(), element.line(), "has neither scram_sha_256 nor api_token_sha256,"
                        + " so it could never log in or call the admin API");
            }
            identity.finish();
            identities.add(new IdentityConfig(name, roles, scram, token));
        }
        if (identities.isEmpty()) {
            context.errorAt("identities", "no identities are defined, so no client could connect; add at least one");
        }
        return identities;
    }

    private static void checkName(MapReader identity, String name, Map<String, Integer> lineOfName) {
        ReadContext context = identity.context();
        String key = identity.key("name");
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
            context.errorAt(key, "'" + name + "' is longer than 63 bytes; PostgreSQL clients truncate user names there");
        }
        Integer earlier = lineOfName.putIfAbsent(name, context.lineOf(key));
        if (earlier != null) {
            context.errorAt(key, "identity '" + name + "' is already defined at line " + earlier);
        }
    }

    private static void check(MapReader reader, String name, Runnable check) {
        try {
            check.run();
        } catch (IllegalArgumentException e) {
            reader.context().errorAt(reader.key(name), e.getMessage());
        }
    }

    /** Every table whose name resolves. */
    static List<TableConfig> tables(MapReader root) {
        ReadContext context = root.context();
        List<TableConfig> tables = new ArrayList<>();
        Map<String, Integer> lineOfName = new HashMap<>();
        for (MapReader.Element element : root.sequence("tables")) {
            Optional<MapReader> entry = MapReader.ofEntry(context, element);
            if (entry.isEmpty()) {
                continue;
            }
            MapReader table = entry.get();
            String written = table.requiredString("name");
            Optional<String> name = Optional.empty();
            if (!written.isEmpty()) {
                try {
                    name = Optional.of(TableNames.normalize(written));
                } catch (IllegalArgumentException e) {
                    context.errorAt(table.key("name"), e.getMessage());
                }
            }
            name.ifPresent(n -> {
                Integer earlier = lineOfName.putIfAbsent(n, context.lineOf(table.key("name")));
                if (earlier != null) {
                    context.errorAt(table.key("name"), "table " + n + " is already declared at line " + earlier);
                }
            });
            Map<String, ColumnKind> columns = columns(table);
            table.finish();
            name.ifPresent(n -> tables.add(new TableConfig(n, columns)));
        }
        return tables;
    }

    private static Map<String, ColumnKind> columns(MapReader table) {
        ReadContext context = table.context();
        MapReader columns = table.mapping("columns");
        Map<String, ColumnKind> kinds = new LinkedHashMap<>();
        for (YamlNode.Entry entry : columns.entries()) {
            String key = columns.key(entry.key());
            String column;
            try {
                column = TableNames.identifier(entry.key());
            } catch (IllegalArgumentException e) {
                context.error(key, entry.line(), e.getMessage());
                continue;
            }
            Optional<MapReader.Value> kind = columns.scalar(entry.value(), key);
            if (kind.isEmpty()) {
                if (entry.value() instanceof YamlNode.Null) {
                    context.error(key, entry.line(), "needs a kind: " + String.join(" or ", COLUMN_KINDS.keySet()));
                }
                continue;
            }
            Optional<ColumnKind> parsed = columns.choiceOf(kind.get(), COLUMN_KINDS);
            if (parsed.isPresent() && kinds.putIfAbsent(column, parsed.get()) != null) {
                context.error(key, entry.line(), "column " + column + " is listed twice");
            }
        }
        if (kinds.isEmpty() && columns.entries().isEmpty()) {
            context.errorAt(table.key("columns"),
                    "lists no columns; a protected table needs at least one column that carries trace text");
        }
        return kinds;
    }
}
