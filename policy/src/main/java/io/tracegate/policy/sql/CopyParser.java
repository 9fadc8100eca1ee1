package io.tracegate.policy.sql;

import io.tracegate.policy.StatementKind;
import java.util.List;
import java.util.Optional;

/**
 * Reads a COPY statement into a {@link CopySpec}: the table or query, the column list, the
 * direction and endpoint, and the options in both the parenthesised syntax
 * ({@code WITH (FORMAT csv, HEADER)}) and the old one ({@code WITH CSV HEADER DELIMITER ';'},
 * {@code BINARY} before the table, {@code USING DELIMITERS}). Anything it does not recognise is
 * reported as a problem, so a COPY into a protected table it cannot read is refused.
 */
final class CopyParser {
    private final Tokens t;
    private final InfoBuilder out;
    private final int to;

    private Optional<String> table = Optional.empty();
    private List<String> columns = List.of();
    private CopySpec.Format format = CopySpec.Format.TEXT;
    private String delimiter;
    private String quote;
    private String escape;
    private String nullString;
    private String defaultString;
    private boolean header;
    private String encoding;

    private CopyParser(Tokens t, int to, InfoBuilder out) {
        this.t = t;
        this.to = to;
        this.out = out;
    }

    /** Parses the COPY at {@code i}, recording kind, tables and the spec in {@code out}. */
    static void parse(Tokens t, int i, int to, InfoBuilder out) {
        new CopyParser(t, to, out).run(i);
    }

    private void run(int i) {
        int j = i + 1;
        if (t.word(j, "binary")) {
            format = CopySpec.Format.BINARY;
            j++;
        }
        Tokens.Name name = null;
        if (t.is(j, "(")) {
            int end = t.afterGroup(j);
            RelationScanner.scan(t, j + 1, end - 1, RelationScanner.Mode.QUERY, out);
            j = end;
        } else {
            name = t.name(j);
            if (name == null) {
                out.kind(StatementKind.OTHER);
                out.problem("COPY without a table or query");
                return;
            }
            table = Optional.of(name.qualified());
            j = name.next();
            if (t.is(j, "(")) {
                columns = t.identifierList(j);
                if (columns == null) {
                    columns = List.of();
                    out.problem("COPY column list not understood");
                }
                j = t.afterGroup(j);
            }
        }
        CopySpec.Direction direction;
        if (t.word(j, "from")) {
            direction = CopySpec.Direction.FROM;
        } else if (t.word(j, "to")) {
            direction = CopySpec.Direction.TO;
        } else {
            out.kind(StatementKind.OTHER);
            out.problem("COPY without FROM or TO");
            return;
        }
        j++;
        CopySpec.Endpoint endpoint = CopySpec.Endpoint.FILE;
        if (t.word(j, "program")) {
            endpoint = CopySpec.Endpoint.PROGRAM;
            j++;
        }
        SqlToken source = t.get(j);
        if (source != null && (source.isWord("stdin") || source.isWord("stdout")) && endpoint == CopySpec.Endpoint.FILE) {
            endpoint = CopySpec.Endpoint.STDIO;
        } else if (source == null || source.type() != TokenType.STRING) {
            out.problem("COPY source or destination not understood");
        }
        j = options(j + 1);

        boolean server = endpoint != CopySpec.Endpoint.STDIO;
        out.kind(server ? StatementKind.COPY_SERVER_SIDE
                : direction == CopySpec.Direction.FROM ? StatementKind.COPY_FROM_STDIN : StatementKind.COPY_TO_STDOUT);
        if (name != null) {
            if (direction == CopySpec.Direction.FROM) {
                out.target(name);
            } else {
                out.table(name, i + 1);
            }
        }
        out.copy(spec(direction, endpoint));
    }

    private CopySpec spec(CopySpec.Direction direction, CopySpec.Endpoint endpoint) {
        boolean csv = format == CopySpec.Format.CSV;
        char delim = single("DELIMITER", delimiter, csv ? ',' : '\t');
        char q = single("QUOTE", quote, '"');
        char e = single("ESCAPE", escape, q);
        String nulls = nullString != null ? nullString : csv ? "" : "\\N";
        return new CopySpec(table, columns, direction, endpoint, format, delim, q, e, nulls,
                Optional.ofNullable(defaultString), header, Optional.ofNullable(encoding));
    }

    private char single(String option, String value, char fallback) {
        if (value == null) {
            return fallback;
        }
        if (value.length() != 1 || value.charAt(0) >= 0x80) {
            out.problem("COPY " + option + " must be a single one-byte character");
            return fallback;
        }
        return value.charAt(0);
    }

    /** Reads options from {@code j}; returns where the statement's remainder (a WHERE) starts. */
    private int options(int j) {
        if (t.word(j, "using") && t.word(j + 1, "delimiters")) {
            j++;
        }
        if (t.word(j, "delimiters")) {
            delimiter = string(j + 1);
            j += 2;
        }
        if (t.word(j, "with")) {
            j++;
        }
        if (t.is(j, "(")) {
            j = genericOptions(j);
        } else {
            j = oldOptions(j);
        }
        if (t.word(j, "where")) {
            RelationScanner.scan(t, j + 1, to, RelationScanner.Mode.QUERY, out);
        } else if (j < to) {
            out.problem("COPY option not understood");
        }
        return to;
    }

    private int genericOptions(int open) {
        int end = t.afterGroup(open);
        int j = open + 1;
        while (j < end - 1) {
            SqlToken option = t.get(j);
            if (option == null || option.type() != TokenType.WORD) {
                out.problem("COPY option not understood");
                return end;
            }
            j++;
            SqlToken value = null;
            if (t.is(j, "(")) {
                j = t.afterGroup(j);
            } else if (!t.is(j, ",") && !t.is(j, ")")) {
                value = t.get(j);
                j++;
            }
            apply(option.value(), value == null ? null : value.value());
            if (t.is(j, ",")) {
                j++;
            } else if (!t.is(j, ")")) {
                out.problem("COPY option not understood");
                return end;
            }
        }
        return end;
    }

    private void apply(String option, String value) {
        switch (option) {
            case "format" -> {
                if ("csv".equals(value)) {
                    format = CopySpec.Format.CSV;
                } else if ("binary".equals(value)) {
                    format = CopySpec.Format.BINARY;
                } else if ("text".equals(value)) {
                    format = CopySpec.Format.TEXT;
                } else {
                    out.problem("COPY format not understood");
                }
            }
            case "delimiter" -> delimiter = value;
            case "null" -> nullString = value;
            case "default" -> defaultString = value;
            case "quote" -> quote = value;
            case "escape" -> escape = value;
            case "encoding" -> encoding = value;
            case "header" -> header = value == null || !(value.equals("false") || value.equals("off") || value.equals("0"));
            case "freeze", "force_quote", "force_not_null", "force_null", "on_error", "log_verbosity", "reject_limit" -> {
                // no bearing on how rows are read
            }
            default -> out.problem("COPY option " + option + " not understood");
        }
    }

    private int oldOptions(int j) {
        while (j < to && !t.word(j, "where")) {
            SqlToken token = t.get(j);
            if (token.type() != TokenType.WORD) {
                return j;
            }
            switch (token.value()) {
                case "binary" -> format = CopySpec.Format.BINARY;
                case "csv" -> format = CopySpec.Format.CSV;
                case "header" -> header = true;
                case "freeze" -> {
                }
                case "delimiter", "null", "quote", "escape", "encoding" -> {
                    int at = t.word(j + 1, "as") ? j + 2 : j + 1;
                    apply(token.value(), string(at));
                    j = at;
                }
                case "force" -> {
                    // FORCE QUOTE a, b | FORCE NOT NULL a | FORCE NULL a | ... *
                    j = t.skipWords(j + 1, "quote", "not", "null");
                    if (t.is(j, "*")) {
                        break;
                    }
                    while (t.identifier(j) && t.is(j + 1, ",")) {
                        j += 2;
                    }
                }
                default -> {
                    out.problem("COPY option " + token.value() + " not understood");
                    return to;
                }
            }
            j++;
        }
        return j;
    }

    private String string(int i) {
        SqlToken token = t.get(i);
        if (token == null || token.type() != TokenType.STRING) {
            out.problem("COPY option value must be a string constant");
            return null;
        }
        return token.value();
    }
}
