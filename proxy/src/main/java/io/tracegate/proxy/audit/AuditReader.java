package io.tracegate.proxy.audit;

import io.tracegate.policy.audit.AuditEvent;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** Reads events back, from audit files or from the postgres sink's table, for queries and tail. */
public final class AuditReader {

    private AuditReader() {
    }

    /**
     * Streams the events of {@code files} that match, in file order. A line that is not a
     * chained record goes to {@code badLine} ("file:line: why") and is skipped: a query should
     * still answer over a damaged file ({@code audit verify} is the place to judge it).
     */
    public static void read(List<Path> files, AuditFilter filter, Consumer<AuditEvent> out, Consumer<String> badLine)
            throws IOException {
        for (Path file : files) {
            try (InputStream in = Files.newInputStream(file)) {
                RawLines lines = new RawLines(in);
                long number = 0;
                for (byte[] line = lines.next(); line != null; line = lines.next()) {
                    number++;
                    Optional<AuditEvent> event = parse(line, file + ":" + number, badLine);
                    if (event.isPresent() && filter.matches(event.get())) {
                        out.accept(event.get());
                    }
                }
            }
        }
    }

    static Optional<AuditEvent> parse(byte[] line, String where, Consumer<String> badLine) {
        try {
            return Optional.of(AuditChain.parse(new String(line, StandardCharsets.UTF_8)).event());
        } catch (IllegalArgumentException e) {
            badLine.accept(where + ": skipped, not a chained audit record: " + e.getMessage());
            return Optional.empty();
        }
    }

    /** The matching events of the postgres sink's table, in chain order. */
    public static void read(Connection connection, AuditFilter filter, Consumer<AuditEvent> out, Consumer<String> badLine)
            throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT seq, line FROM " + PostgresAuditSink.TABLE + " WHERE true");
        List<Object> arguments = new ArrayList<>();
        filter.since().ifPresent(since -> {
            sql.append(" AND time >= ?");
            arguments.add(OffsetDateTime.ofInstant(since, ZoneOffset.UTC));
        });
        filter.until().ifPresent(until -> {
            sql.append(" AND time < ?");
            arguments.add(OffsetDateTime.ofInstant(until, ZoneOffset.UTC));
        });
        filter.identity().ifPresent(identity -> {
            sql.append(" AND line::jsonb ->> 'identity' = ?");
            arguments.add(identity);
        });
        filter.decision().ifPresent(decision -> {
            sql.append(" AND lower(line::jsonb ->> 'decision') = lower(?)");
            arguments.add(decision);
        });
        filter.eventType().ifPresent(eventType -> {
            sql.append(" AND lower(line::jsonb ->> 'event') = lower(?)");
            arguments.add(eventType);
        });
        sql.append(" ORDER BY seq");
        boolean autoCommit = connection.getAutoCommit();
        // A cursor (fetch size) needs a transaction in pgjdbc; without one a big table is read whole into memory.
        connection.setAutoCommit(false);
        try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
            statement.setFetchSize(1000);
            for (int i = 0; i < arguments.size(); i++) {
                statement.setObject(i + 1, arguments.get(i));
            }
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    Optional<AuditEvent> event = parse(rows.getString(2).getBytes(StandardCharsets.UTF_8),
                            PostgresAuditSink.TABLE + " seq " + rows.getLong(1), badLine);
                    // The table filter is applied here: tables are a JSON array, simpler matched in Java.
                    if (event.isPresent() && filter.matches(event.get())) {
                        out.accept(event.get());
                    }
                }
            }
        } finally {
            connection.rollback();
            connection.setAutoCommit(autoCommit);
        }
    }

    /**
     * Verifies the chain in the postgres sink's table: the same checks as for files, plus
     * that each row's {@code hash} and {@code time} columns agree with its line.
     */
    public static ChainVerifier.ChainReport verify(Connection connection) throws SQLException {
        ChainChecker checker = new ChainChecker(Optional.empty());
        String source = PostgresAuditSink.TABLE;
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT seq, time, line, hash FROM " + PostgresAuditSink.TABLE + " ORDER BY seq")) {
            statement.setFetchSize(1000);
            try (ResultSet rows = statement.executeQuery()) {
                long row = 0;
                while (rows.next()) {
                    row++;
                    byte[] line = rows.getString(3).getBytes(StandardCharsets.UTF_8);
                    String where = "row " + row + " (seq column " + rows.getLong(1) + ")";
                    if (checker.accept(source, row, line).isPresent()) {
                        break;
                    }
                    AuditChain.Link link = AuditChain.parse(rows.getString(3));
                    OffsetDateTime time = rows.getObject(2, OffsetDateTime.class);
                    String problem = columnProblem(rows.getLong(1), time, rows.getString(4), line, link);
                    if (problem != null) {
                        return new ChainVerifier.ChainReport(checker.records(), checker.firstSeq(), checker.lastSeq(),
                                Optional.of(new ChainChecker.Problem(source, row, where + ": " + problem)),
                                checker.notes());
                    }
                }
            }
        } finally {
            connection.rollback();
            connection.setAutoCommit(autoCommit);
        }
        return ChainVerifier.ChainReport.of(checker);
    }

    private static String columnProblem(long seq, OffsetDateTime time, String hash, byte[] line, AuditChain.Link link) {
        if (seq != link.seq()) {
            return "the seq column says " + seq + " but the line says " + link.seq();
        }
        if (!AuditChain.hash(line).equals(hash)) {
            return "the hash column does not match the line's SHA-256";
        }
        long lineMicros = micros(link.event().time());
        long columnMicros = micros(time.toInstant());
        if (lineMicros != columnMicros) {
            return "the time column says " + time.toInstant() + " but the line says " + link.event().time();
        }
        return null;
    }

    private static long micros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000 + instant.getNano() / 1_000;
    }
}
