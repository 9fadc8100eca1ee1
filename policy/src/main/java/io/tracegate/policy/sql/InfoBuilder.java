package io.tracegate.policy.sql;

import io.tracegate.policy.StatementKind;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Collects the findings of one classification, then picks the statement's kind. */
final class InfoBuilder {
    /**
     * Most sensitive first: when a statement does several things, the first kind found here is
     * its kind, so a rule blocking e.g. dangerous functions or deletes is never dodged by wrapping
     * the call in an INSERT or a CTE.
     */
    private static final List<StatementKind> PRECEDENCE = List.of(
            StatementKind.COPY_SERVER_SIDE, StatementKind.DANGEROUS_FUNCTION, StatementKind.DDL,
            StatementKind.TRUNCATE, StatementKind.DELETE, StatementKind.MERGE, StatementKind.UPDATE,
            StatementKind.INSERT, StatementKind.COPY_FROM_STDIN, StatementKind.COPY_TO_STDOUT,
            StatementKind.SELECT, StatementKind.OTHER);

    private record Cte(String name, int visibleFrom) {
    }

    private final EnumSet<StatementKind> kinds = EnumSet.noneOf(StatementKind.class);
    private final Set<String> tables = new LinkedHashSet<>();
    private final Set<String> targets = new LinkedHashSet<>();
    private final List<Cte> ctes = new ArrayList<>();
    private final Set<Integer> relationLists = new HashSet<>();
    private int suppressWrites;
    private CopySpec copy;
    private String opaque;
    private boolean settings;
    private boolean searchPath;
    private String problem;

    void kind(StatementKind kind) {
        if (suppressWrites == 0 || kind == StatementKind.DANGEROUS_FUNCTION) {
            kinds.add(kind);
        }
    }

    /**
     * Between {@code suppressWrites(true)} and {@code suppressWrites(false)} statement kinds and
     * write targets are not recorded (a statement EXPLAIN shows without running it).
     */
    void suppressWrites(boolean on) {
        suppressWrites += on ? 1 : -1;
    }

    /** The token at {@code index} (a USING of DELETE or MERGE) opens a list of relations. */
    void relationListAt(int index) {
        relationLists.add(index);
    }

    boolean opensRelationList(int index) {
        return relationLists.contains(index);
    }

    /** A top-level CTE named {@code name}, visible to references at token index {@code visibleFrom} and later. */
    void cte(String name, int visibleFrom) {
        ctes.add(new Cte(name, visibleFrom));
    }

    /** A relation reference at token {@code index}; an unqualified CTE name in scope is not a table. */
    void table(Tokens.Name name, int index) {
        if (name.parts().size() == 1) {
            for (Cte cte : ctes) {
                if (cte.name().equals(name.last()) && cte.visibleFrom() <= index) {
                    return;
                }
            }
        }
        tables.add(name.qualified());
    }

    /** A write target: a table reference that always means a real table (never a CTE). */
    void target(Tokens.Name name) {
        tables.add(name.qualified());
        if (suppressWrites == 0) {
            targets.add(name.qualified());
        }
    }

    boolean hasTargets() {
        return !targets.isEmpty();
    }

    void copy(CopySpec spec) {
        copy = spec;
    }

    void opaque(String reason) {
        if (opaque == null) {
            opaque = reason;
        }
    }

    /** The statement may change standard_conforming_strings (or a setting not known to be harmless). */
    void changesSettings() {
        settings = true;
    }

    /** The statement may change search_path: a settings change that matters within the same Query. */
    void changesSearchPath() {
        settings = true;
        searchPath = true;
    }

    void problem(String reason) {
        if (problem == null) {
            problem = reason;
        }
    }

    /** Takes in what another classification found (one statement of several in one string). */
    void absorb(StatementInfo info) {
        kinds.add(info.kind());
        tables.addAll(info.tables());
        targets.addAll(info.writeTargets());
        info.copy().ifPresent(spec -> copy = copy == null ? spec : copy);
        info.opaque().ifPresent(this::opaque);
        settings |= info.mayChangeSqlSettings();
        searchPath |= info.mayChangeSearchPath();
        info.problem().ifPresent(this::problem);
    }

    StatementInfo build() {
        StatementKind kind = StatementKind.OTHER;
        for (StatementKind candidate : PRECEDENCE) {
            if (kinds.contains(candidate)) {
                kind = candidate;
                break;
            }
        }
        return new StatementInfo(kind, tables, targets, Optional.ofNullable(copy), Optional.ofNullable(opaque),
                settings, searchPath, Optional.ofNullable(problem));
    }
}
