package io.tracegate.proxy.policy;

import io.tracegate.policy.config.TableConfig;
import io.tracegate.policy.config.TracegateConfig;
import io.tracegate.policy.config.UpstreamConfig;
import io.tracegate.policy.sql.ColumnOrder;
import io.tracegate.proxy.net.UnixSocketFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The column order of each protected table, read from {@code pg_attribute} once at start, so
 * {@code INSERT INTO t VALUES (...)} and {@code COPY t FROM STDIN} without a column list can be
 * masked. A table that could not be read stays unknown, and such statements on it are refused.
 */
public final class CatalogColumnOrder implements ColumnOrder {

    private static final Logger log = LoggerFactory.getLogger(CatalogColumnOrder.class);
    private static final String COLUMNS = "SELECT a.attname FROM pg_catalog.pg_attribute a "
            + "WHERE a.attrelid = to_regclass(?) AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum";

    private final Map<String, List<String>> columns = new ConcurrentHashMap<>();

    private CatalogColumnOrder() {
    }

    /** Reads the protected tables' columns through a short-lived JDBC connection (at start, off any event loop). */
    public static CatalogColumnOrder load(TracegateConfig config) {
        CatalogColumnOrder order = new CatalogColumnOrder();
        if (config.tables().isEmpty()) {
            return order;
        }
        UpstreamConfig upstream = config.upstream();
        Properties props = new Properties();
        String url;
        if (upstream.unixSocket()) {
            // pgjdbc speaks only TCP; the factory takes it to the socket, the URL's host is a mere name.
            url = "jdbc:postgresql://localhost:" + upstream.port() + "/" + upstream.database().orElse("postgres");
            props.setProperty("socketFactory", UnixSocketFactory.class.getName());
            props.setProperty("socketFactoryArg", upstream.socketFile().toString());
            props.setProperty("sslmode", "disable");
        } else {
            url = "jdbc:postgresql://" + upstream.host() + ":" + upstream.port() + "/"
                    + upstream.database().orElse("postgres");
            props.setProperty("sslmode", switch (upstream.tlsMode()) {
                case DISABLE -> "disable";
                case PREFER -> "prefer";
                case REQUIRE -> "require";
                case VERIFY_FULL -> "verify-full";
            });
        }
        props.setProperty("user", upstream.user());
        upstream.password().ifPresent(password -> props.setProperty("password", password));
        props.setProperty("connectTimeout", "5");
        props.setProperty("ApplicationName", "tracegate-catalog");
        try (Connection connection = DriverManager.getConnection(url, props);
             PreparedStatement query = connection.prepareStatement(COLUMNS)) {
            for (TableConfig table : config.tables()) {
                query.setString(1, table.name());
                List<String> names = new ArrayList<>();
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        names.add(rows.getString(1));
                    }
                }
                if (names.isEmpty()) {
                    log.warn("protected table {} was not found upstream; writes to it without a column list will be refused",
                            table.name());
                } else {
                    order.columns.put(table.name(), List.copyOf(names));
                }
            }
        } catch (SQLException e) {
            log.warn("could not read the column order of protected tables ({}); INSERT/COPY without a column list "
                    + "into them will be refused", e.getMessage());
        }
        return order;
    }

    @Override
    public Optional<List<String>> columnsOf(String table) {
        return Optional.ofNullable(columns.get(table));
    }
}
