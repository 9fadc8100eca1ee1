package io.tracegate.policy.sql;

import java.util.Set;

/**
 * Functions whose call makes a statement {@code dangerous_function}: they read or write files on the
 * database server, reach other servers, signal other backends, change server state, or run SQL
 * text the gateway never sees. Matched by the function's own name whatever its schema or quoting.
 *
 * <p>Decisions: {@code pg_terminate_backend}, {@code pg_cancel_backend} and {@code pg_reload_conf}
 * are in (an agent has no business signalling other sessions or the server). {@code set_config} is
 * in unless its first argument is a string constant naming a custom, dotted setting
 * ({@code set_config('app.user', ...)}), the form applications use; any built-in setting (such as
 * {@code search_path} or {@code standard_conforming_strings}, which change how the gateway must
 * read later statements) or a computed name makes it dangerous. {@code query_to_xml} and
 * {@code ts_stat} are in because they execute SQL given as a string.
 */
final class DangerousFunctions {
    private static final Set<String> NAMES = Set.of(
            // server files
            "pg_read_file", "pg_read_binary_file", "pg_ls_dir", "pg_stat_file", "pg_ls_logdir",
            "pg_ls_waldir", "pg_ls_tmpdir", "pg_ls_archive_statusdir", "pg_ls_logicalsnapdir",
            "pg_ls_logicalmapdir", "pg_ls_replslotdir", "lo_import", "lo_export",
            // adminpack
            "pg_file_write", "pg_file_rename", "pg_file_unlink", "pg_file_sync", "pg_logdir_ls",
            // other sessions and the server itself
            "pg_terminate_backend", "pg_cancel_backend", "pg_reload_conf", "pg_rotate_logfile",
            "pg_promote", "pg_switch_wal", "pg_create_restore_point",
            // SQL hidden in a string
            "query_to_xml", "query_to_xmlschema", "query_to_xml_and_xmlschema", "ts_stat");

    private DangerousFunctions() {
    }

    /** True when calling {@code name} (its last name part) is dangerous whatever its arguments. */
    static boolean isDangerous(String name) {
        return NAMES.contains(name) || name.startsWith("dblink");
    }

    /**
     * For a call of {@code set_config} whose opening parenthesis is at {@code open}: the setting's
     * name when the first argument is a plain string constant, else null.
     */
    static String setConfigName(Tokens tokens, int open) {
        SqlToken first = tokens.get(open + 1);
        if (first != null && first.type() == TokenType.STRING && !first.isError() && tokens.is(open + 2, ",")) {
            return first.value();
        }
        return null;
    }

    /** Whether a set_config of the named setting (null: not a constant) is dangerous. */
    static boolean isDangerousSetting(String setting) {
        return setting == null || setting.indexOf('.') < 0;
    }
}
